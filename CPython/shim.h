// The C side of the bridge: <Python.h> plus tiny inline wrappers for what Swift cannot import.
// CPython spells much of its API as function-like macros (Py_INCREF, Py_None, PyTuple_GET_ITEM,
// the Py*_Check family); Swift imports functions and constants only, so each macro the bridge
// needs gets a `CPy_` wrapper here. Grouped by the CPython header that defines the macro.
#ifndef DETECTION_HOST_CPYTHON_SHIM_H
#define DETECTION_HOST_CPYTHON_SHIM_H

// The C library first, before <Python.h>: pyconfig.h defines _GNU_SOURCE and _XOPEN_SOURCE,
// which rename members of some C library structs (fd_set's __fds_bits becomes fds_bits). Swift's
// Glibc module is built without them, and clang refuses two definitions of one struct in a
// Swift module that sees both. Included here first, these headers take Glibc's definitions and
// their include guards keep <Python.h> from redefining them.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#include <wchar.h>
#include <signal.h>
#include <math.h>
#include <assert.h>

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

// object.h: reference counting and singletons are macros over inline functions.
static inline void CPy_INCREF(PyObject *o) { Py_INCREF(o); }
static inline void CPy_DECREF(PyObject *o) { Py_DECREF(o); }
static inline void CPy_XDECREF(PyObject *o) { Py_XDECREF(o); }
static inline Py_ssize_t CPy_REFCNT(PyObject *o) { return Py_REFCNT(o); }
static inline PyObject *CPy_None(void) { return Py_None; }
static inline PyTypeObject *CPy_TYPE(PyObject *o) { return Py_TYPE(o); }

// object.h: Py_TRASHCAN_BEGIN_CONDITION/Py_TRASHCAN_END are a block macro pair around a
// deallocator's body, which Swift cannot write; this runs `body(op)` between them. When
// `condition` holds (the object's tp_dealloc is the caller), a dealloc nested deeper than
// CPython's unwind level is deferred instead of run, so freeing a deep structure does not
// overflow the C stack. The object must be untracked by the GC first, as dict_dealloc does.
static inline void CPy_TRASHCAN_Dealloc(PyObject *op, int condition, destructor body) {
    Py_TRASHCAN_BEGIN_CONDITION(op, condition)
    body(op);
    Py_TRASHCAN_END
}

// pyerrors.h: the exception types are mutable C globals, which Swift 6 refuses to read
// directly; reading them through a function states that they are set once at start-up.
static inline PyObject *CPy_Exc_TypeError(void) { return PyExc_TypeError; }
static inline PyObject *CPy_Exc_ValueError(void) { return PyExc_ValueError; }
static inline PyObject *CPy_Exc_OverflowError(void) { return PyExc_OverflowError; }
static inline PyObject *CPy_Exc_KeyError(void) { return PyExc_KeyError; }
static inline PyObject *CPy_Exc_IndexError(void) { return PyExc_IndexError; }
static inline PyObject *CPy_Exc_RuntimeError(void) { return PyExc_RuntimeError; }
static inline PyObject *CPy_Exc_TimeoutError(void) { return PyExc_TimeoutError; }
static inline PyObject *CPy_Exc_RecursionError(void) { return PyExc_RecursionError; }
static inline PyObject *CPy_Exc_AttributeError(void) { return PyExc_AttributeError; }
static inline PyObject *CPy_Exc_KeyboardInterrupt(void) { return PyExc_KeyboardInterrupt; }
static inline PyObject *CPy_Exc_SystemExit(void) { return PyExc_SystemExit; }
static inline PyObject *CPy_Exc_UnicodeEncodeError(void) { return PyExc_UnicodeEncodeError; }

// The builtin type objects are C globals too; read them through functions for the same reason.
static inline PyTypeObject *CPy_DictType(void) { return &PyDict_Type; }
static inline PyTypeObject *CPy_SetType(void) { return &PySet_Type; }

// An empty dict with room for `size` items, as an instance of `type`: a dict subclass whose
// instances have exactly dict's layout (no __dict__, no __weakref__, the same size; the caller
// checks), so that a dict's memory is a valid instance of it. Such an instance holds a reference
// to its (heap) type. NULL with an exception set on failure.
static inline PyObject *CPy_Dict_NewPresizedAs(PyTypeObject *type, Py_ssize_t size) {
    PyObject *dict = _PyDict_NewPresized(size);
    if (dict != NULL && type != NULL && type != &PyDict_Type) {
        Py_INCREF(type);
        Py_SET_TYPE(dict, type);
    }
    return dict;
}

// Not Python's: a hint to the processor to fetch the cache line at `address` (the decoder asks
// for the memo slots of strings a few tape entries ahead, so their loads do not stall).
static inline void CPy_Prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

// boolobject.h
static inline PyObject *CPy_True(void) { return Py_True; }
static inline PyObject *CPy_False(void) { return Py_False; }

// Type checks: the Py*_Check family are macros over tp_flags.
static inline int CPy_Long_Check(PyObject *o) { return PyLong_Check(o); }
static inline int CPy_Bool_Check(PyObject *o) { return PyBool_Check(o); }
static inline int CPy_Float_Check(PyObject *o) { return PyFloat_Check(o); }
static inline int CPy_Unicode_Check(PyObject *o) { return PyUnicode_Check(o); }
static inline int CPy_Dict_Check(PyObject *o) { return PyDict_Check(o); }
static inline int CPy_List_Check(PyObject *o) { return PyList_Check(o); }
static inline int CPy_Tuple_Check(PyObject *o) { return PyTuple_Check(o); }
static inline int CPy_AnySet_Check(PyObject *o) { return PyAnySet_Check(o); }
static inline int CPy_Type_Check(PyObject *o) { return PyType_Check(o); }

// tupleobject.h / listobject.h: unchecked accessors, used where the index is known valid.
static inline PyObject *CPy_Tuple_GET_ITEM(PyObject *t, Py_ssize_t i) { return PyTuple_GET_ITEM(t, i); }
static inline Py_ssize_t CPy_Tuple_GET_SIZE(PyObject *t) { return PyTuple_GET_SIZE(t); }
static inline void CPy_Tuple_SET_ITEM(PyObject *t, Py_ssize_t i, PyObject *v) { PyTuple_SET_ITEM(t, i, v); }
static inline PyObject *CPy_List_GET_ITEM(PyObject *l, Py_ssize_t i) { return PyList_GET_ITEM(l, i); }
static inline Py_ssize_t CPy_List_GET_SIZE(PyObject *l) { return PyList_GET_SIZE(l); }
static inline void CPy_List_SET_ITEM(PyObject *l, Py_ssize_t i, PyObject *v) { PyList_SET_ITEM(l, i, v); }

// methodobject.h: flags are plain ints, but the combined ones are macros.
static inline int CPy_METH_FASTCALL_KEYWORDS(void) { return METH_FASTCALL | METH_KEYWORDS; }

// ceval.h: Py_BEGIN_ALLOW_THREADS is a block macro; the bridge uses the functions it expands to.

// moduleobject.h: PyModuleDef_HEAD_INIT is an initializer macro and PyModule_Create a macro that
// passes the API version.
static inline PyModuleDef_Base CPy_ModuleDef_HEAD_INIT(void) {
    PyModuleDef_Base base = PyModuleDef_HEAD_INIT;
    return base;
}
static inline PyObject *CPy_Module_Create(PyModuleDef *def) { return PyModule_Create(def); }

// Type flags: Py_TPFLAGS_DEFAULT is a macro built from others.
static inline unsigned long CPy_TPFLAGS_DEFAULT(void) { return Py_TPFLAGS_DEFAULT; }

#endif
