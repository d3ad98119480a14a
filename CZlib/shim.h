// zlib, for reading gzip-compressed input (CloudTrail delivers its logs gzipped).
// inflateInit2 is a macro that passes the library version and struct size.
#ifndef DETECTION_HOST_CZLIB_SHIM_H
#define DETECTION_HOST_CZLIB_SHIM_H
#include <zlib.h>

static inline int CZlib_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
#endif
