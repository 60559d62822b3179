/* fuzz_packet.c - libFuzzer target: the packet decoder and the whole
 * pipeline (decode -> flow -> stream -> app -> detect -> EVE) of a real
 * engine built from the embedded policy.
 *
 * Input layout (doc/fuzzing.md):
 *   [0]   bits0-2 link type: Ethernet, SLL, SLL2, NULL, RAW, LOOP, IPV4, IPV6;
 *         bit3 small limits (max-pdu 300, flow memcap 16 KiB, stream depth
 *         4 KiB, 4 flow buckets); bit4 suricata-compatible EVE;
 *         bit5 SMB on configured ports only
 *   then records, each: LE16 caplen, one byte of seconds since the
 *   previous record (drives flow timeouts), caplen bytes.
 * Every record is copied into its own heap block of exactly caplen bytes,
 * so reading one byte past the capture is an ASan report.
 *
 * Outputs go to eve.json and fast.log in a private temporary log
 * directory; after each input every eve.json line must be one valid JSON
 * object (checked with jansson; integers above INT64_MAX, such as a 64-bit
 * FILETIME from the wire, are valid JSON and read as reals), then both
 * files are removed. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int fz_linktypes[8] = {
    LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_NULL,
    LINKTYPE_RAW,      LINKTYPE_LOOP,      LINKTYPE_IPV4,       LINKTYPE_IPV6,
};

/* The private log directory, made once per process (libFuzzer gives no
 * context pointer; this is the only process-wide state). */
static char fz_dir[64];

static void fz_cleanup(void)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/eve.json", fz_dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/fast.log", fz_dir);
    unlink(path);
    rmdir(fz_dir);
}

static void fz_init_once(void)
{
    if (fz_dir[0])
        return;
    snprintf(fz_dir, sizeof(fz_dir), "/tmp/smbneg-fuzz-XXXXXX");
    if (!mkdtemp(fz_dir))
        abort();
    atexit(fz_cleanup);
}

/* Every line of the EVE file must be a JSON object. */
static void fz_check_eve(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return; /* nothing was logged */
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, fp)) > 0) {
        json_error_t err;
        json_t *j = json_loadb(line, (size_t)n, JSON_DECODE_INT_AS_REAL, &err);
        if (!j || !json_is_object(j)) {
            fprintf(stderr, "invalid EVE line (%s): %s", err.text, line);
            abort();
        }
        json_decref(j);
    }
    free(line);
    fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_init_once();
    if (size < 1)
        return 0;
    uint8_t flags = data[0];
    /* The embedded policy, changed only through --set keys (the stable,
     * documented interface); its outputs write eve.json and fast.log into
     * the log directory. */
    struct config *cfg = malloc(sizeof(*cfg));
    if (!cfg || config_load_default(cfg) != 0)
        abort();
    char set[128];
    snprintf(set, sizeof(set), "default-log-dir=%s", fz_dir);
    if (config_set(cfg, set) != 0)
        abort();
    if (flags & 8) {
        config_set(cfg, "smb.max-pdu=300");
        config_set(cfg, "flow.memcap=16kb");
        config_set(cfg, "flow.hash-size=4");
        config_set(cfg, "stream.reassembly.depth=4kb");
    } else {
        config_set(cfg, "flow.hash-size=64"); /* a table per input: keep it small */
    }
    if (flags & 16)
        config_set(cfg, "outputs.eve-log.suricata-compatible=yes");
    if (flags & 32)
        config_set(cfg, "smb.detect-any-port=no");

    struct engine *e = engine_new(cfg, false);
    if (!e)
        abort(); /* the embedded policy must always build */
    int linktype = fz_linktypes[flags & 7];
    size_t off = 1;
    int64_t ts = 1700000000;
    uint64_t cnt = 0;
    while (size - off >= 3) {
        size_t caplen = (size_t)data[off] | (size_t)data[off + 1] << 8;
        ts += data[off + 2];
        off += 3;
        if (caplen > size - off)
            caplen = size - off;
        uint8_t *copy = malloc(caplen ? caplen : 1);
        if (!copy)
            abort();
        memcpy(copy, data + off, caplen);
        off += caplen;
        struct packet p;
        memset(&p, 0, sizeof(p));
        p.data = copy;
        p.caplen = (uint32_t)caplen;
        p.wirelen = (uint32_t)caplen;
        p.ts_sec = ts;
        p.ts_usec = (int32_t)(cnt * 7 % 1000000);
        p.pcap_cnt = ++cnt;
        p.linktype = linktype;
        engine_packet(e, &p);
        free(copy);
    }
    engine_flush(e);
    FILE *devnull = fopen("/dev/null", "w");
    if (devnull) {
        engine_finish(e, 0.0, devnull);
        fclose(devnull);
    }
    engine_free(e);
    free(cfg);

    char path[128];
    snprintf(path, sizeof(path), "%s/eve.json", fz_dir);
    fz_check_eve(path);
    unlink(path);
    snprintf(path, sizeof(path), "%s/fast.log", fz_dir);
    unlink(path);
    return 0;
}
