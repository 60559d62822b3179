/* stream-anomaly.c - the registry of stream anomaly names (enum
 * stream_anomaly in stream.h); doc/eve.md lists them (checked by
 * tests/schema/check-anomaly-docs.sh). */
#include "stream/stream.h"

static const char *const stream_anomaly_names[] = {
    [STREAM_AN_REASSEMBLY_GAP] = "stream.reassembly_gap",
    [STREAM_AN_REASSEMBLY_MEMCAP] = "stream.reassembly_memcap",
    [STREAM_AN_APP_BUFFER_OVERFLOW] = "stream.app_buffer_overflow",
    [STREAM_AN_FLOW_EVICTED] = "stream.flow_evicted",
};
_Static_assert(sizeof(stream_anomaly_names) / sizeof(stream_anomaly_names[0]) == STREAM_AN_COUNT,
               "one name per anomaly");

const char *stream_anomaly_name(enum stream_anomaly a)
{
    return (unsigned)a < STREAM_AN_COUNT ? stream_anomaly_names[a] : "stream.unknown";
}
