/* report-html.c - the posture page (one self-contained HTML file: inline
 * CSS, charts as inline SVG, no script, nothing fetched; a Content Security
 * Policy forbids any fetch) and the host tables as CSV or JSON. */
#include <string.h>

#include "report/report.h"
#include "util/mem.h"

/* ------------------------------------------------------------- escaping */

static void esc(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out);
        }
    }
}

/* ---------------------------------------------------------------- charts */

struct bar {
    const char *label;
    uint64_t n;
};

/* A horizontal bar chart: one row per bar, the bar's length its share of
 * the largest.  id names the chart for tests and links. */
static void chart(FILE *out, const char *id, const char *title, const struct bar *bars, size_t n,
                  const char *unit)
{
    uint64_t max = 0;
    for (size_t i = 0; i < n; i++)
        max = bars[i].n > max ? bars[i].n : max;
    fprintf(out, "<figure class=\"chart\" id=\"%s\"><figcaption>", id);
    esc(out, title);
    fputs("</figcaption>", out);
    if (max == 0) {
        fputs("<p class=\"none\">none seen</p></figure>\n", out);
        return;
    }
    unsigned h = (unsigned)(n * 26 + 6);
    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"640\" "
                 "height=\"%u\" viewBox=\"0 0 640 %u\">", h, h);
    for (size_t i = 0; i < n; i++) {
        unsigned y = (unsigned)(i * 26 + 4);
        unsigned w = (unsigned)(bars[i].n * 260 / max);
        fprintf(out, "<text x=\"320\" y=\"%u\" text-anchor=\"end\">", y + 16);
        esc(out, bars[i].label);
        fprintf(out, "</text><rect class=\"bar\" x=\"330\" y=\"%u\" width=\"%u\" height=\"20\">"
                     "<title>",
                y, w ? w : 1);
        esc(out, bars[i].label);
        fprintf(out, ": %llu %s</title></rect><text x=\"%u\" y=\"%u\">%llu</text>",
                (unsigned long long)bars[i].n, unit, 336 + w, y + 16,
                (unsigned long long)bars[i].n);
    }
    fputs("</svg></figure>\n", out);
}

/* The weakest signing mode a host stated (a server that once did not
 * require signing is a relay target). */
static int weakest_signing(const struct report_host *h)
{
    for (int s = RS_COUNT - 1; s >= 0; s--)
        if (h->signing[s])
            return s;
    return -1;
}

static void charts_hosts(FILE *out, struct report_host **hs, size_t n)
{
    struct bar sd[RD_COUNT], cd[RD_COUNT], ss[RS_COUNT], cs[RS_COUNT];
    struct bar ci[RC_COUNT], al[RA_COUNT], co[RP_MAX_COMPRESSION], smb1[2];
    for (int d = 0; d < RD_COUNT; d++)
        sd[d] = cd[d] = (struct bar){report_dialect_name(d), 0};
    for (int s = 0; s < RS_COUNT; s++)
        ss[s] = cs[s] = (struct bar){report_signing_name(s), 0};
    for (int c = 0; c < RC_COUNT; c++)
        ci[c] = (struct bar){report_cipher_name(c), 0};
    for (int a = 0; a < RA_COUNT; a++)
        al[a] = (struct bar){report_sigalg_name(a), 0};
    size_t nco = 0;
    while (nco < RP_MAX_COMPRESSION && report_compression_name((int)nco)[0]) {
        co[nco] = (struct bar){report_compression_name((int)nco), 0};
        nco++;
    }
    smb1[0] = (struct bar){"servers choosing SMB1", 0};
    smb1[1] = (struct bar){"clients offering SMB1", 0};
    for (size_t i = 0; i < n; i++) {
        const struct report_host *h = hs[i];
        int w = weakest_signing(h);
        if (h->server) {
            if (h->best >= 0)
                sd[h->best].n++;
            if (w >= 0)
                ss[w].n++;
            for (int c = 0; c < RC_COUNT; c++)
                ci[c].n += h->cipher[c];
            for (int a = 0; a < RA_COUNT; a++)
                al[a].n += h->sigalg[a];
            smb1[0].n += h->smb1;
        } else {
            if (h->best >= 0)
                cd[h->best].n++;
            if (w >= 0)
                cs[w].n++;
            for (size_t b = 0; b < nco; b++)
                co[b].n += (h->compression >> b) & 1u;
            smb1[1].n += h->smb1;
        }
    }
    fputs("<section id=\"dialects\"><h2>Dialects</h2><div class=\"row\">", out);
    chart(out, "chart-server-dialect", "Servers by the best dialect they selected", sd, RD_COUNT,
          "servers");
    chart(out, "chart-client-dialect", "Clients by the best dialect they offered", cd, RD_COUNT,
          "clients");
    fputs("</div></section>\n<section id=\"signing\"><h2>Signing</h2><div class=\"row\">", out);
    chart(out, "chart-server-signing", "Servers by the weakest signing they stated", ss,
          RS_COUNT, "servers");
    chart(out, "chart-client-signing", "Clients by the weakest signing they stated", cs,
          RS_COUNT, "clients");
    fputs("</div></section>\n<section id=\"crypto\"><h2>Encryption, signing algorithms, "
          "compression</h2><div class=\"row\">",
          out);
    chart(out, "chart-cipher", "Ciphers selected (negotiations)", ci, RC_COUNT, "negotiations");
    chart(out, "chart-sigalg", "Signing algorithms selected (negotiations)", al, RA_COUNT,
          "negotiations");
    chart(out, "chart-compression", "Compression offered (clients)", co, nco, "clients");
    fputs("</div></section>\n<section id=\"smb1\"><h2>SMB1</h2><div class=\"row\">", out);
    chart(out, "chart-smb1", "SMB1 offered or accepted (hosts)", smb1, 2, "hosts");
    fputs("</div></section>\n", out);
}

/* Alerts per hour (all signatures), and per signature. */
static void charts_alerts(FILE *out, struct report *r)
{
    fputs("<section id=\"alerts\"><h2>Alerts</h2><div class=\"row\">", out);
    struct bar *sig = mem_calloc(r->n_sigs ? r->n_sigs : 1, sizeof(*sig));
    struct bar *hour = mem_calloc(r->n_buckets ? r->n_buckets : 1, sizeof(*hour));
    size_t nh = 0;
    if (sig && hour) {
        for (size_t i = 0; i < r->n_sigs; i++)
            sig[i] = (struct bar){r->sigs[i].name, r->sigs[i].n};
        for (size_t i = 0; i < r->n_buckets; i++) { /* buckets arrive in time order mostly */
            size_t k = 0;
            while (k < nh && strcmp(hour[k].label, r->buckets[i].hour) != 0)
                k++;
            if (k == nh)
                hour[nh++] = (struct bar){r->buckets[i].hour, 0};
            hour[k].n += r->buckets[i].n;
        }
        chart(out, "chart-alert-signature", "Alerts by signature", sig, r->n_sigs, "alerts");
        chart(out, "chart-alert-hour", "Alerts per hour (UTC)", hour, nh, "alerts");
    }
    mem_free(sig);
    mem_free(hour);
    fputs("</div>", out);
    fputs("<h3>Downgrade and baseline alerts</h3>\n", out);
    if (r->n_rows == 0) {
        fputs("<p class=\"none\">none</p></section>\n", out);
        return;
    }
    fputs("<table id=\"downgrades\"><thead><tr><th>time</th><th>sid</th><th>signature</th>"
          "<th>client</th><th>server</th><th>evidence</th></tr></thead><tbody>\n",
          out);
    for (size_t i = 0; i < r->n_rows; i++) {
        const struct report_alert_row *a = &r->rows[i];
        fputs("<tr><td>", out);
        esc(out, a->ts);
        fprintf(out, "</td><td>%u</td><td>", a->sid);
        esc(out, a->signature);
        fputs("</td><td>", out);
        esc(out, a->src);
        fputs("</td><td>", out);
        esc(out, a->dst);
        fputs("</td><td>", out);
        esc(out, a->evidence);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
    if (r->rows_dropped)
        fprintf(out, "<p>%llu more not listed.</p>\n", (unsigned long long)r->rows_dropped);
    fputs("</section>\n", out);
}

/* ---------------------------------------------------------------- tables */

static void list_ids(FILE *out, const char (*ids)[64], int n, const char *sep)
{
    for (int i = 0; i < n; i++) {
        if (i)
            fputs(sep, out);
        esc(out, ids[i]);
    }
}

static void counts(FILE *out, const uint64_t *v, int n, const char *(*name)(int), const char *sep)
{
    bool first = true;
    for (int i = 0; i < n; i++) {
        if (!v[i])
            continue;
        fprintf(out, "%s%s %llu", first ? "" : sep, name(i), (unsigned long long)v[i]);
        first = false;
    }
}

static void guids(FILE *out, const struct report_host *h, const char *sep)
{
    for (int i = 0; i < h->n_guid; i++)
        fprintf(out, "%s%s", i ? sep : "", h->guid[i]);
}

static void host_table(FILE *out, struct report_host **hs, size_t n, bool server)
{
    fprintf(out, "<section id=\"%s\"><h2>%s</h2>\n", server ? "servers" : "clients",
            server ? "Servers" : "Clients");
    fprintf(out, "<table class=\"hosts\" id=\"table-%s\"><thead><tr><th>IP</th><th>GUIDs</th>"
                 "<th>%s</th><th>best dialect %s</th><th>signing</th><th>%s</th><th>SMB1</th>"
                 "<th>first seen</th><th>last seen</th><th>negotiations</th></tr></thead><tbody>\n",
            server ? "servers" : "clients", server ? "-" : "names asked for",
            server ? "selected" : "offered", server ? "ciphers" : "compression offered");
    for (size_t i = 0; i < n; i++) {
        const struct report_host *h = hs[i];
        if (h->server != server)
            continue;
        int w = weakest_signing(h);
        fprintf(out, "<tr class=\"host%s%s\"><td>", server && w != RS_REQUIRED ? " relay" : "",
                h->in_baseline ? " baseline" : "");
        esc(out, h->ip);
        fputs("</td><td>", out);
        guids(out, h, "<br>");
        fputs("</td><td>", out);
        list_ids(out, h->name, h->n_name, ", ");
        fprintf(out, "</td><td>%s</td><td>", report_dialect_name(h->best));
        counts(out, h->signing, RS_COUNT, report_signing_name, ", ");
        fputs("</td><td>", out);
        if (server) {
            counts(out, h->cipher, RC_COUNT, report_cipher_name, ", ");
        } else {
            for (int b = 0; b < RP_MAX_COMPRESSION; b++)
                if (h->compression >> b & 1u)
                    fprintf(out, "%s ", report_compression_name(b));
        }
        fprintf(out, "</td><td>%s</td><td>%s</td><td>%s</td><td>%llu</td></tr>\n",
                h->smb1 ? (server ? "chosen" : "offered") : "no", h->first, h->last,
                (unsigned long long)h->count);
    }
    fputs("</tbody></table></section>\n", out);
}

/* Where the baseline hosts come from, and how they were merged. */
static void baseline_note(FILE *out, const struct report *r)
{
    fputs("<p id=\"baseline\">Hosts of the baseline store <code>", out);
    esc(out, r->baseline);
    fprintf(out, "</code>: %llu servers, %llu client addresses (%llu client GUID records not "
                 "shown), merged with the EVE input: a host in both counts the larger number of "
                 "negotiations, not their sum. Rows of hosts the store knows are marked "
                 "(baseline) after the count.</p>\n",
            (unsigned long long)r->bl_servers, (unsigned long long)r->bl_clients,
            (unsigned long long)r->bl_guids);
}

static const char style[] =
    "body{font:14px/1.4 sans-serif;margin:2em;color:#222}"
    "h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}"
    ".row{display:flex;flex-wrap:wrap;gap:2em}figure{margin:0}"
    "figcaption{font-weight:bold;margin:.5em 0}"
    "svg text{font:12px sans-serif;fill:#222}rect.bar{fill:#3a6ea5}"
    "table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:2px 6px;"
    "text-align:left;vertical-align:top}th{background:#eee}tr.relay td:first-child{"
    "background:#fbe3e3}tr.baseline td:last-child::after{content:\" (baseline)\";"
    "color:#555}.none{color:#777}.summary td{border:none;padding:0 1em 0 0}"
    "@media print{body{margin:0}section{break-inside:avoid}}";

int report_write_html(struct report *r, FILE *out, const char *title)
{
    size_t n = 0;
    struct report_host **hs = report_sorted_hosts(r, &n);
    if (!hs)
        return -1;
    size_t ns = 0, relay = 0;
    for (size_t i = 0; i < n; i++) {
        ns += hs[i]->server;
        relay += hs[i]->server && weakest_signing(hs[i]) != RS_REQUIRED;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; img-src data:\"><title>",
          out);
    esc(out, title);
    fprintf(out, "</title><style>%s</style></head><body>\n<h1>", style);
    esc(out, title);
    fputs("</h1>\n", out);
    fprintf(out, "<table class=\"summary\" id=\"summary\"><tr><td>servers</td><td>%zu</td></tr>"
                 "<tr><td>clients</td><td>%zu</td></tr><tr><td>servers not requiring signing"
                 "</td><td>%zu</td></tr><tr><td>negotiations</td><td>%llu</td></tr><tr><td>alerts"
                 "</td><td>%llu</td></tr></table>\n",
            ns, n - ns, relay, (unsigned long long)r->smb, (unsigned long long)r->alerts);
    if (r->baseline)
        baseline_note(out, r);
    if (n == 0 && r->alerts == 0) {
        fputs("<p class=\"none\" id=\"empty\">No SMB negotiations or alerts in the input.</p>\n",
              out);
    } else {
        charts_hosts(out, hs, n);
        charts_alerts(out, r);
        host_table(out, hs, n, true);
        host_table(out, hs, n, false);
    }
    fprintf(out, "<p class=\"none\">Input: %llu lines, %llu smb records, %llu alerts, %llu "
                 "skipped (%llu not JSON, %llu other event types, %llu incomplete).</p>\n"
                 "</body></html>\n",
            (unsigned long long)r->lines, (unsigned long long)r->smb,
            (unsigned long long)r->alerts,
            (unsigned long long)(r->not_json + r->other_type + r->incomplete),
            (unsigned long long)r->not_json, (unsigned long long)r->other_type,
            (unsigned long long)r->incomplete);
    mem_free(hs);
    return ferror(out) ? -1 : 0;
}

/* ------------------------------------------------------------ CSV, JSON */

int report_write_csv(struct report *r, FILE *out)
{
    size_t n = 0;
    struct report_host **hs = report_sorted_hosts(r, &n);
    if (!hs)
        return -1;
    fputs("role,ip,guids,names,best_dialect,signing_required,signing_enabled,signing_disabled,"
          "ciphers,smb1,first_seen,last_seen,negotiations\n",
          out);
    for (size_t i = 0; i < n; i++) {
        const struct report_host *h = hs[i];
        fprintf(out, "%s,%s,", h->server ? "server" : "client", h->ip);
        guids(out, h, " ");
        fputc(',', out);
        for (int k = 0; k < h->n_name; k++) /* names: no commas or quotes in the CSV */
            for (const char *p = h->name[k]; *p; p++)
                fputc(*p == ',' || *p == '"' ? '_' : *p, out), (void)0;
        fprintf(out, ",%s,%llu,%llu,%llu,", report_dialect_name(h->best),
                (unsigned long long)h->signing[RS_REQUIRED],
                (unsigned long long)h->signing[RS_ENABLED],
                (unsigned long long)h->signing[RS_DISABLED]);
        counts(out, h->cipher, RC_COUNT, report_cipher_name, " ");
        fprintf(out, ",%s,%s,%s,%llu\n", h->smb1 ? "yes" : "no", h->first, h->last,
                (unsigned long long)h->count);
    }
    mem_free(hs);
    return ferror(out) ? -1 : 0;
}

static void json_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

int report_write_json(struct report *r, FILE *out)
{
    size_t n = 0;
    struct report_host **hs = report_sorted_hosts(r, &n);
    if (!hs)
        return -1;
    fputs("[\n", out);
    for (size_t i = 0; i < n; i++) {
        const struct report_host *h = hs[i];
        fprintf(out, "%s{\"role\":\"%s\",\"ip\":", i ? ",\n" : "", h->server ? "server" : "client");
        json_str(out, h->ip);
        fputs(",\"guids\":[", out);
        for (int k = 0; k < h->n_guid; k++) {
            fputs(k ? "," : "", out);
            json_str(out, h->guid[k]);
        }
        fputs("],\"names\":[", out);
        for (int k = 0; k < h->n_name; k++) {
            fputs(k ? "," : "", out);
            json_str(out, h->name[k]);
        }
        fprintf(out, "],\"best_dialect\":\"%s\",\"signing\":{\"required\":%llu,\"enabled\":%llu,"
                     "\"disabled\":%llu},\"smb1\":%s,\"first_seen\":\"%s\",\"last_seen\":\"%s\","
                     "\"negotiations\":%llu,\"baseline\":%s}",
                report_dialect_name(h->best), (unsigned long long)h->signing[RS_REQUIRED],
                (unsigned long long)h->signing[RS_ENABLED],
                (unsigned long long)h->signing[RS_DISABLED], h->smb1 ? "true" : "false",
                h->first, h->last, (unsigned long long)h->count,
                h->in_baseline ? "true" : "false");
    }
    fputs("\n]\n", out);
    mem_free(hs);
    return ferror(out) ? -1 : 0;
}
