/* check_eve_smb.c - the EVE serialisers of a negotiate transaction
 * (output/eve-smb.c) and of an alert record (output/eve-alert.c), over the
 * transactions the SMB parser makes of a real stream: the multi-protocol
 * negotiation of ../shared/captures/lab/smb1-multiproto.pcap (Samba 4.17,
 * tests/unit/vectors/stream_multiproto.h).  Expected values are tshark's
 * decode of those frames (../shared/captures/lab/oracle/smb1-multiproto.pcap.jsonl:
 * frame 4 the SMB1 request, 6 the wildcard response, 8 the SMB2 request, 9
 * its 3.1.1 response) and the names MS-SMB2 2.2.3/2.2.4 gives the codes. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/smb/smb.h"
#include "detect/detect.h"
#include "flow/flow.h"
#include "output/eve.h"
#include "util/jsonw.h"
#include "vectors/stream_multiproto.h"
#include "helpers/run.h"

#define MAX_TX 4

/* Per transaction: eve_smb_tx's output, full and Suricata-compatible; with
 * `eve` set, an alert is logged on each transaction too. */
struct seen {
    int n;
    char *full[MAX_TX], *compat[MAX_TX];
    struct eve *eve;
};

/* A rule's alert as detect.c hands it to the writers. */
static const char *const alert_meta[] = {"policy smb-signing", "created_at 2026_11_24"};
static const struct detect_alert test_alert = {
    .gid = 1, .sid = 2269100, .rev = 3, .msg = "test \"quoted\" \\ alert",
    .category = "Generic Protocol Command Decode", .severity = 2, .action = RULE_ALERT,
    .metadata = alert_meta, .n_metadata = 2};

static char *serialise(const struct smb_tx *tx, bool compat)
{
    struct jsonw w;
    jsonw_init(&w);
    jsonw_obj_open(&w, NULL);
    eve_smb_tx(&w, tx, compat);
    jsonw_obj_close(&w);
    ck_assert(!w.oom);
    char *s = strndup(w.buf, w.len);
    jsonw_deinit(&w);
    return s;
}

static void on_message(void *ctx, struct flow *f, const struct packet *p, const struct smb_tx *tx,
                       enum flow_dir dir)
{
    (void)ctx, (void)f, (void)p, (void)tx, (void)dir;
}

static void on_tx(void *ctx, struct flow *f, const struct packet *p, const struct smb_tx *tx,
                  enum flow_dir dir)
{
    struct seen *s = ctx;
    (void)f, (void)p, (void)dir;
    ck_assert_int_lt(s->n, MAX_TX);
    s->full[s->n] = serialise(tx, false);
    s->compat[s->n] = serialise(tx, true);
    s->n++;
    if (s->eve) {
        struct eve_origin o = {"x.pcap", 9, 1795509726, 490074};
        eve_alert_log(s->eve, &o, f, tx, &test_alert, dir);
        eve_smb_forget(s->eve);
    }
}

static void on_anomaly(void *ctx, struct flow *f, const struct packet *p, const char *ev,
                       const char *layer)
{
    (void)ctx, (void)f, (void)p, (void)layer;
    ck_abort_msg("unexpected anomaly %s", ev);
}

static void parse_stream_to(struct seen *s, struct eve *eve)
{
    struct app_sink sink = {s, on_message, on_tx, on_anomaly, NULL};
    struct app_cfg cfg = {.max_pdu = 65536, .max_tx = 8};
    struct flow flow;
    memset(&flow, 0, sizeof(flow));
    memset(s, 0, sizeof(*s));
    s->eve = eve;
    flow.ip_v = 4;
    flow.app = &app_smb; /* its EVE writer: eve_app_of */
    flow.pkts[0] = 5;
    flow.pkts[1] = 4;
    void *st = app_smb.state_new();
    ck_assert_ptr_nonnull(st);
    for (size_t i = 0; i < sizeof(multiproto_msgs) / sizeof(multiproto_msgs[0]); i++) {
        const struct stream_msg *m = &multiproto_msgs[i];
        app_smb.parse(st, &cfg, &sink, &flow, NULL, m->from_client ? 0 : 1, m->bytes, m->len);
    }
    app_smb.flow_end(st, &cfg, &sink, &flow);
    app_smb.state_free(st);
    ck_assert_int_eq(s->n, 2);
}

static void parse_stream(struct seen *s)
{
    parse_stream_to(s, NULL);
}

static void seen_free(struct seen *s)
{
    for (int i = 0; i < s->n; i++) {
        free(s->full[i]);
        free(s->compat[i]);
    }
}

static json_t *load(const char *text)
{
    json_error_t err;
    json_t *j = json_loads(text, 0, &err);
    ck_assert_msg(j != NULL, "not JSON (%s): %s", err.text, text);
    json_t *smb = json_object_get(j, "smb");
    ck_assert_ptr_nonnull(smb);
    json_incref(smb);
    json_decref(j);
    return smb;
}

/* The value at a /-separated path of j (array indexes as numbers). */
static json_t *at(json_t *j, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *save = NULL, *k = strtok_r(buf, "/", &save); k && j; k = strtok_r(NULL, "/", &save))
        j = json_is_array(j) ? json_array_get(j, strtoul(k, NULL, 10)) : json_object_get(j, k);
    return j;
}

static void assert_str(json_t *j, const char *path, const char *want)
{
    json_t *v = at(j, path);
    ck_assert_msg(json_is_string(v), "%s: not a string", path);
    ck_assert_str_eq(json_string_value(v), want);
}

static void assert_int(json_t *j, const char *path, json_int_t want)
{
    json_t *v = at(j, path);
    ck_assert_msg(json_is_integer(v), "%s: not an integer", path);
    ck_assert_int_eq(json_integer_value(v), want);
}

static void assert_strs(json_t *j, const char *path, const char *const *want, size_t n)
{
    json_t *v = at(j, path);
    ck_assert_msg(json_is_array(v), "%s: not an array", path);
    ck_assert_uint_eq(json_array_size(v), n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(json_string_value(json_array_get(v, i)), want[i]);
}

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

/* Frames 4 and 6: the SMB1 multi-protocol request answered by SMB2 0x02FF. */
START_TEST(smb1_request_wildcard_response)
{
    struct seen s;
    parse_stream(&s);
    json_t *j = load(s.full[0]);
    static const char *const smb1[] = {"NT LANMAN 1.0", "NT LM 0.12", "SMB 2.002", "SMB 2.???"};
    assert_strs(j, "client_dialects", smb1, NROWS(smb1));
    assert_strs(j, "negotiate/request/smb1_dialects", smb1, NROWS(smb1));
    assert_str(j, "command", "SMB1_COMMAND_NEGOTIATE_PROTOCOL");
    assert_str(j, "dialect", "2.??"); /* Suricata's spelling of 0x02FF */
    assert_str(j, "negotiate/response/dialect", "0x02ff");
    assert_int(j, "negotiate/response/security_mode", 1);
    assert_str(j, "negotiate/response/signing", "enabled");
    assert_str(j, "server_guid", "00006d76-0000-0000-0000-000000000000");
    assert_int(j, "max_read_size", 8388608);
    assert_int(j, "max_write_size", 8388608);
    assert_int(j, "negotiate/response/max_transact_size", 8388608);
    static const char *const caps[] = {"dfs", "leasing", "large_mtu"}; /* 0x00000007 */
    assert_strs(j, "negotiate/response/capabilities", caps, NROWS(caps));
    json_decref(j);
    seen_free(&s);
}
END_TEST

/* Frames 8 and 9: the SMB2 request and its 3.1.1 response. */
START_TEST(smb2_request_response)
{
    struct seen s;
    parse_stream(&s);
    json_t *j = load(s.full[1]);
    static const char *const offered[] = {"0x0202", "0x0210", "0x0300", "0x0302", "0x0311"};
    assert_strs(j, "negotiate/request/dialects", offered, NROWS(offered));
    static const char *const suri[] = {"2.02", "2.10", "3.00", "3.02", "3.11"};
    assert_strs(j, "client_dialects", suri, NROWS(suri));
    assert_str(j, "dialect", "3.11");
    assert_str(j, "command", "SMB2_COMMAND_NEGOTIATE_PROTOCOL");
    assert_str(j, "client_guid", "6ea18112-0e42-4b21-a5dc-cd4adc49ca90");
    assert_int(j, "negotiate/request/message_id", 1);
    assert_int(j, "negotiate/request/security_mode", 1);
    static const char *const rcaps[] = {"dfs", "leasing", "large_mtu", "multi_channel",
                                        "persistent_handles", "directory_leasing",
                                        "encryption"}; /* 0x0000007f */
    assert_strs(j, "negotiate/request/capabilities", rcaps, NROWS(rcaps));
    /* contexts 0x0001 0x0002 0x0008 0x0005 */
    assert_str(j, "negotiate/request/contexts/0/type", "preauth_integrity");
    static const char *const sha512[] = {"SHA-512"};
    assert_strs(j, "negotiate/request/contexts/0/hash_algorithms", sha512, 1);
    assert_str(j, "negotiate/request/contexts/1/type", "encryption");
    static const char *const ciphers[] = {"AES-128-GCM", "AES-128-CCM", "AES-256-GCM",
                                          "AES-256-CCM"}; /* 0x0002 0x0001 0x0004 0x0003 */
    assert_strs(j, "negotiate/request/contexts/1/ciphers", ciphers, NROWS(ciphers));
    assert_str(j, "negotiate/request/contexts/2/type", "signing");
    static const char *const algs[] = {"AES-GMAC", "AES-CMAC", "HMAC-SHA256"}; /* 2 1 0 */
    assert_strs(j, "negotiate/request/contexts/2/algorithms", algs, NROWS(algs));
    assert_str(j, "negotiate/request/contexts/3/type", "netname");
    assert_str(j, "negotiate/request/contexts/3/name", "srv");
    assert_str(j, "negotiate/response/dialect", "0x0311");
    assert_str(j, "negotiate/response/dialect_name", "3.1.1");
    static const char *const scaps[] = {"dfs", "leasing", "large_mtu",
                                        "multi_channel"}; /* 0x0000000f */
    assert_strs(j, "negotiate/response/capabilities", scaps, NROWS(scaps));
    static const char *const gcm[] = {"AES-128-GCM"};
    assert_strs(j, "negotiate/response/contexts/1/ciphers", gcm, 1);
    static const char *const gmac[] = {"AES-GMAC"};
    assert_strs(j, "negotiate/response/contexts/2/algorithms", gmac, 1);
    json_decref(j);
    seen_free(&s);
}
END_TEST

/* suricata-compatible: Suricata's keys only (no `negotiate`), same values. */
START_TEST(suricata_compatible)
{
    struct seen s;
    parse_stream(&s);
    for (int i = 0; i < s.n; i++) {
        json_t *full = load(s.full[i]), *compat = load(s.compat[i]);
        ck_assert_ptr_null(json_object_get(compat, "negotiate"));
        ck_assert_ptr_nonnull(json_object_get(full, "negotiate"));
        json_object_del(full, "negotiate");
        ck_assert_msg(json_equal(full, compat), "tx %d: %s vs %s", i, s.full[i], s.compat[i]);
        json_decref(full);
        json_decref(compat);
    }
    seen_free(&s);
}
END_TEST

/* An alert record: Suricata's alert object from the rule, and the smb
 * member eve_smb_tx writes for the same transaction. */
START_TEST(alert_record)
{
    char path[] = "/tmp/check_eve_smb.XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    struct eve eve;
    eve_init(&eve);
    struct eve_log_cfg lc = {.types = ~0u, .sink = {.kind = EVE_SINK_REGULAR}};
    snprintf(lc.sink.path, sizeof(lc.sink.path), "%s", path);
    ck_assert_int_eq(eve_add(&eve, &lc), 0);
    struct seen s;
    parse_stream_to(&s, &eve);
    ck_assert_int_eq(eve_close(&eve), 0);
    FILE *fp = fopen(path, "r");
    ck_assert_ptr_nonnull(fp);
    char line[16384];
    for (int i = 0; i < s.n; i++) {
        ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
        json_error_t err;
        json_t *rec = json_loads(line, 0, &err);
        ck_assert_msg(rec != NULL, "record %d is not JSON: %s", i, line);
        assert_str(rec, "event_type", "alert");
        assert_int(rec, "tx_id", i);
        assert_str(rec, "alert/action", "allowed");
        assert_int(rec, "alert/gid", 1);
        assert_int(rec, "alert/signature_id", 2269100);
        assert_int(rec, "alert/rev", 3);
        assert_str(rec, "alert/signature", "test \"quoted\" \\ alert");
        assert_str(rec, "alert/category", "Generic Protocol Command Decode");
        assert_int(rec, "alert/severity", 2);
        static const char *const policy[] = {"smb-signing"};
        assert_strs(rec, "alert/metadata/policy", policy, 1);
        assert_str(rec, "app_proto", "smb");
        assert_str(rec, "direction", "to_client"); /* completed by the response */
        assert_int(rec, "flow/pkts_toserver", 5);
        assert_int(rec, "flow/pkts_toclient", 4);
        json_t *want = load(s.full[i]);
        ck_assert_msg(json_equal(json_object_get(rec, "smb"), want), "tx %d smb member", i);
        json_decref(want);
        json_decref(rec);
    }
    ck_assert_ptr_null(fgets(line, sizeof(line), fp));
    fclose(fp);
    unlink(path);
    seen_free(&s);
}
END_TEST

static Suite *eve_smb_suite(void)
{
    Suite *s = suite_create("eve_smb");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, smb1_request_wildcard_response);
    tcase_add_test(tc, smb2_request_response);
    tcase_add_test(tc, suricata_compatible);
    tcase_add_test(tc, alert_record);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(eve_smb_suite());
}
