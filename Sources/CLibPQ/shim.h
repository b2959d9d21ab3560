#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H

// libpq, PostgreSQL's client library. The header lives in /usr/include/postgresql on Debian, which is
// not a default include path: the target's pkgConfig "libpq" supplies it.
#include <libpq-fe.h>

#endif
