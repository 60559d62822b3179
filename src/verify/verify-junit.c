/* verify-junit.c - the JUnit XML report of `smbneg verify --junit FILE`
 * (the testsuite/testcase/failure/skipped subset CI servers read). */
#include <errno.h>
#include <string.h>

#include "verify/verify-int.h"

/* XML 1.0 text: the five specials escaped; control characters other than
 * tab and newline, which XML cannot carry at all, become '?'. */
static void junit_escape(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        default:
            fputc(c < 0x20 && c != '\t' && c != '\n' ? '?' : c, out);
        }
    }
}

static void junit_case(FILE *out, const struct verify_result *r)
{
    fputs("  <testcase classname=\"smbneg.verify\" name=\"", out);
    junit_escape(out, r->name);
    fprintf(out, "\" time=\"%.3f\"", r->seconds);
    if (r->status == VERIFY_PASS) {
        fputs("/>\n", out);
        return;
    }
    fputs(">\n", out);
    if (r->status == VERIFY_SKIP) {
        fputs("    <skipped message=\"", out);
        junit_escape(out, r->message);
        fputs("\"/>\n", out);
    } else {
        fputs("    <failure message=\"", out);
        junit_escape(out, r->message);
        fputs("\" type=\"verify\">", out);
        junit_escape(out, r->details ? r->details : r->message);
        fputs("</failure>\n", out);
    }
    fputs("  </testcase>\n", out);
}

int verify_junit_write(const char *path, const struct verify_result *r, size_t n, double seconds)
{
    size_t failures = 0, skipped = 0;
    for (size_t i = 0; i < n; i++) {
        failures += r[i].status == VERIFY_FAIL;
        skipped += r[i].status == VERIFY_SKIP;
    }
    FILE *out = fopen(path, "w");
    if (!out) {
        fprintf(stderr, "smbneg verify: %s: cannot write the JUnit report: %s\n", path,
                strerror(errno));
        return -1;
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out,
            "<testsuites tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\" errors=\"0\" "
            "time=\"%.3f\">\n"
            "<testsuite name=\"smbneg-verify\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\" "
            "errors=\"0\" time=\"%.3f\">\n",
            n, failures, skipped, seconds, n, failures, skipped, seconds);
    for (size_t i = 0; i < n; i++)
        junit_case(out, &r[i]);
    fputs("</testsuite>\n</testsuites>\n", out);
    if (ferror(out) | (fclose(out) != 0)) {
        fprintf(stderr, "smbneg verify: %s: write error\n", path);
        return -1;
    }
    return 0;
}
