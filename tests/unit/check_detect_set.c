/* check_detect_set.c - unit tests for src/detect/detect-set.c through a toy
 * kind ("letters": a leaf `abc` holds the letters a, b and c; `*` holds all
 * of them), so the grammar, the list semantics, the limits and the messages
 * are tested apart from addresses and ports. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detect-set.h"
#include "helpers/run.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

struct letters_leaf {
    unsigned mask; /* bit k: letter 'a' + k */
};

static char last_tok[64]; /* the last token handed to letters_parse */

static int letters_parse(const char *tok, size_t len, void *leaf, char *err, size_t errlen)
{
    struct letters_leaf *n = leaf;
    snprintf(last_tok, sizeof(last_tok), "%.*s", (int)len, tok);
    ck_assert_uint_eq(n->mask, 0); /* handed over zeroed */
    if (len == 1 && tok[0] == '*') {
        n->mask = (1u << 26) - 1;
        return 0;
    }
    for (size_t k = 0; k < len; k++) {
        if (tok[k] < 'a' || tok[k] > 'z') {
            snprintf(err, errlen, "bad letters '%.*s'", (int)len, tok);
            return -1;
        }
        n->mask |= 1u << (tok[k] - 'a');
    }
    return 0;
}

static bool letters_match(const void *leaf, const void *value)
{
    char c = *(const char *)value;
    return (((const struct letters_leaf *)leaf)->mask >> (c - 'a')) & 1u;
}

static bool letters_is_all(const void *leaf)
{
    return ((const struct letters_leaf *)leaf)->mask == (1u << 26) - 1;
}

static const struct detect_set_kind letters = {
    .word = "letter",
    .neg_all_err = "'!*' matches no letter",
    .leaf_size = sizeof(struct letters_leaf),
    .parse = letters_parse,
    .match = letters_match,
    .is_all = letters_is_all,
};

static const struct detect_var vars[] = {
    {"AB", "[a,b]"},   {"NOT_AB", "!$AB"}, {"ALL", "*"},        {"LOOP", "[a,$LOOP2]"},
    {"LOOP2", "$LOOP"}, {"TRAIL", "a b"},   {"BAD", "A"},        {"SPACED", "  [ c , d ]  "},
};

/* Parse `set`, then check it against every letter: `want` lists the letters
 * it must contain. */
static const struct {
    const char *set, *want;
} rows[] = {
    {"a", "a"},
    {"abc", "abc"},
    {"*", "abcdefghijklmnopqrstuvwxyz"},
    {"!a", "bcdefghijklmnopqrstuvwxyz"},
    {"!!a", "a"},
    {"! ! a", "a"},
    {"[a,b]", "ab"},
    {" [ a , b ] ", "ab"},
    {"[ab,!b]", "a"},                      /* a negative item wins */
    {"[!a,!b]", "cdefghijklmnopqrstuvwxyz"}, /* only negatives: all but them */
    {"[a,!a]", ""},
    {"![a,b]", "cdefghijklmnopqrstuvwxyz"},
    {"[ab,![*,!a]]", "a"},
    {"[abc,![bc,!c]]", "ac"},
    {"[[a],[[b]]]", "ab"},
    {"$AB", "ab"},
    {"!$AB", "cdefghijklmnopqrstuvwxyz"},
    {"$NOT_AB", "cdefghijklmnopqrstuvwxyz"},
    {"!$NOT_AB", "ab"},
    {"[$AB,!b]", "a"},
    {"$SPACED", "cd"},
    {"$ALL", "abcdefghijklmnopqrstuvwxyz"},
};

START_TEST(test_set_truth)
{
    struct detect_set *s = NULL;
    char err[256] = "";
    ck_assert_msg(detect_set_parse(&letters, rows[_i].set, vars, NROWS(vars), &s, err,
                                   sizeof(err)) == 0,
                  "%s: %s", rows[_i].set, err);
    for (char c = 'a'; c <= 'z'; c++) {
        bool want = strchr(rows[_i].want, c) != NULL;
        ck_assert_msg(detect_set_match(&letters, s, &c) == want, "'%s' vs %c: want %d",
                      rows[_i].set, c, want);
    }
    detect_set_free(s);
}
END_TEST

/* The whole message: the kind's word is the only thing that varies. */
static const struct {
    const char *set, *err;
} bad[] = {
    {"", "missing letter"},
    {"   ", "missing letter"},
    {"!", "missing letter"},
    {"]", "unexpected ']' in letter"},
    {"[a,]", "unexpected ']' in letter"},
    {"[a", "unterminated letter list"},
    {"[a;b]", "bad letters 'a;b'"},
    {"[a b]", "unexpected 'b' in letter list"},
    {"a b", "unexpected 'b' after letter"},
    {"a]", "unexpected ']' after letter"},
    {"A", "bad letters 'A'"},
    {"!*", "'!*' matches no letter"},
    {"!$ALL", "'!*' matches no letter"},
    {"$", "empty variable name"},
    {"$NOPE", "unknown letter variable '$NOPE'"},
    {"$LOOP", "letter variable loop through '$LOOP'"},
    {"$TRAIL", "unexpected 'b' in letter variable '$TRAIL'"},
    {"$BAD", "bad letters 'A'"},
    {"[[[[[[[[[[[[[[[[[a]]]]]]]]]]]]]]]]]", "letter list nested too deep"},
};

START_TEST(test_set_errors)
{
    struct detect_set *s = (struct detect_set *)1;
    char err[256] = "";
    ck_assert_int_eq(detect_set_parse(&letters, bad[_i].set, vars, NROWS(vars), &s, err,
                                      sizeof(err)),
                     -1);
    ck_assert_ptr_null(s);
    ck_assert_msg(strcmp(err, bad[_i].err) == 0, "'%s': got '%s', want '%s'", bad[_i].set, err,
                  bad[_i].err);
}
END_TEST

/* Leaves end at whitespace and at any of ",[]!$"; the kind sees only the
 * token. */
START_TEST(test_set_token)
{
    struct detect_set *s = NULL;
    char err[64];
    ck_assert_int_eq(detect_set_parse(&letters, "[ xy ,zz]", NULL, 0, &s, err, sizeof(err)), 0);
    ck_assert_str_eq(last_tok, "zz");
    detect_set_free(s);
    ck_assert_int_eq(detect_set_parse(&letters, "[ab!c]", NULL, 0, &s, err, sizeof(err)), -1);
    ck_assert_str_eq(last_tok, "ab");
    ck_assert_str_eq(err, "unexpected '!' in letter list");
}
END_TEST

/* DETECT_SET_MAX_DEPTH lists plus variable expansions open at once, no more. */
START_TEST(test_set_depth)
{
    char text[2 * DETECT_SET_MAX_DEPTH + 8];
    struct detect_set *s = NULL;
    char err[64];
    size_t n = 0;
    for (size_t k = 0; k < DETECT_SET_MAX_DEPTH; k++)
        text[n++] = '[';
    text[n++] = 'a';
    for (size_t k = 0; k < DETECT_SET_MAX_DEPTH; k++)
        text[n++] = ']';
    text[n] = '\0';
    ck_assert_int_eq(detect_set_parse(&letters, text, NULL, 0, &s, err, sizeof(err)), 0);
    char c = 'a';
    ck_assert(detect_set_match(&letters, s, &c));
    detect_set_free(s);

    /* V0 -> V1 -> ... -> V16: each expansion counts as one level. */
    struct detect_var chain[DETECT_SET_MAX_DEPTH + 1];
    char names[DETECT_SET_MAX_DEPTH + 1][8], values[DETECT_SET_MAX_DEPTH + 1][8];
    for (size_t k = 0; k <= DETECT_SET_MAX_DEPTH; k++) {
        snprintf(names[k], sizeof(names[k]), "V%zu", k);
        if (k < DETECT_SET_MAX_DEPTH)
            snprintf(values[k], sizeof(values[k]), "$V%zu", k + 1);
        else
            snprintf(values[k], sizeof(values[k]), "a");
        chain[k] = (struct detect_var){names[k], values[k]};
    }
    ck_assert_int_eq(detect_set_parse(&letters, "$V1", chain, NROWS(chain), &s, err, sizeof(err)),
                     0);
    detect_set_free(s);
    ck_assert_int_eq(detect_set_parse(&letters, "$V0", chain, NROWS(chain), &s, err, sizeof(err)),
                     -1);
    ck_assert_str_eq(err, "letter variables nested too deep at '$V16'");
}
END_TEST

/* No variables: NULL is an empty table whatever the count says. */
START_TEST(test_set_no_vars)
{
    struct detect_set *s = (struct detect_set *)1;
    char err[64];
    ck_assert_int_eq(detect_set_parse(&letters, "$AB", NULL, 5, &s, err, sizeof(err)), -1);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(err, "unknown letter variable '$AB'");
    detect_set_free(NULL);
}
END_TEST

static Suite *set_suite(void)
{
    Suite *s = suite_create("detect_set");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, test_set_truth, 0, (int)NROWS(rows));
    tcase_add_loop_test(tc, test_set_errors, 0, (int)NROWS(bad));
    tcase_add_test(tc, test_set_token);
    tcase_add_test(tc, test_set_depth);
    tcase_add_test(tc, test_set_no_vars);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run_suite(set_suite());
}
