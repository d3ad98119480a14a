// placeholder until this target is built
