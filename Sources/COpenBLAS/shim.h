// Debian's OpenBLAS (pthread build): CBLAS plus its thread-count control.
#include <cblas.h>
