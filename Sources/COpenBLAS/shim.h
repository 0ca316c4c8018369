// Debian's OpenBLAS (pthread build): CBLAS plus its thread-count control.
#include <cblas.h>
// Joins OpenBLAS's worker threads (they come back on the next threaded call); not in cblas.h.
int blas_thread_shutdown_(void);
