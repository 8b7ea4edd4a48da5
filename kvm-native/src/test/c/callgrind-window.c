// Marks the measured window for ExitLoopInstructions under valgrind's callgrind (run with --collect-atstart=no):
// window_open() zeroes the counts and starts collecting, window_close() stops and writes them (one file per thread
// with --separate-threads=yes). Outside valgrind the client requests are a few no-op instructions.
// Client requests: valgrind/callgrind.h (CALLGRIND_ZERO_STATS, CALLGRIND_TOGGLE_COLLECT, CALLGRIND_DUMP_STATS).
#include <valgrind/callgrind.h>

void window_open(void) {
    CALLGRIND_ZERO_STATS;
    CALLGRIND_TOGGLE_COLLECT;
}

void window_close(void) {
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_DUMP_STATS;
}
