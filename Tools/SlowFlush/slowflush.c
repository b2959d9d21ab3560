/*
 * An LD_PRELOAD shim that makes every fsync/fdatasync of the process it is loaded into take at least
 * SLOW_FLUSH_US microseconds longer: a server on a fast local disk then behaves like one whose WAL
 * flush costs what it costs on network or replicated storage (the PostgreSQL issue's ~3.9 ms), so
 * that group commit and the intake can be measured where they matter. Benchmarks only.
 *
 *     cc -O2 -shared -fPIC -o slowflush.so slowflush.c -ldl
 *     SLOW_FLUSH_US=3900 LD_PRELOAD=$PWD/slowflush.so postgres …
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

static long delay_us(void) {
    static long cached = -1;
    if (cached < 0) {
        const char *text = getenv("SLOW_FLUSH_US");
        cached = text ? atol(text) : 0;
    }
    return cached;
}

static void pause_flush(void) {
    long us = delay_us();
    if (us <= 0) return;
    struct timespec wait = { us / 1000000, (us % 1000000) * 1000 };
    while (nanosleep(&wait, &wait) != 0) {}
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    pause_flush();
    return real(fd);
}

int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    pause_flush();
    return real(fd);
}
