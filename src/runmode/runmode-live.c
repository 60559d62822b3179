/* runmode-live.c - the live sensor's run loop: open the interface and the
 * logs, write the pidfile, drop privileges, then poll the capture with a
 * short timeout so that signals and periodic work (flow timeouts by wall
 * clock, stats records, output flushing) run even when no packet comes. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define LOG_MODULE "live"
#include "engine.h"
#include "runmode-live.h"
#include "source/source-live.h"
#include "util/log.h"

enum { LIVE_OK = 0, LIVE_INPUT = 1, LIVE_USAGE = 2 };

/* Longest sleep in poll: the latency of periodic work on an idle link. */
#define LIVE_POLL_MS 200
/* Packets per pcap_dispatch, and dispatches before signals are looked at
 * again under a flood. */
#define LIVE_BATCH 256
#define LIVE_BATCHES 64
/* Seconds between output ticks (flushing, reconnecting sinks). */
#define LIVE_TICK 0.25

/* Pending signals, one bit each.  The handlers only set bits; they run
 * only inside ppoll (the signals are blocked elsewhere) and block one
 * another, so the loop reads and clears the bits without a race.  This is
 * the one mutable global (STYLE.md 10). */
enum { SIG_STOP = 1, SIG_REOPEN = 2, SIG_RELOAD = 4 };
static volatile sig_atomic_t live_pending;

static void live_on_signal(int sig)
{
    if (sig == SIGHUP)
        live_pending |= SIG_REOPEN;
    else if (sig == SIGUSR2)
        live_pending |= SIG_RELOAD;
    else
        live_pending |= SIG_STOP;
}

/* Install the handlers with the four signals blocked; *old gets the mask
 * ppoll runs with (the caller's, in which they are deliverable). */
static int live_signals_install(sigset_t *old)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGUSR2};
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        sigaddset(&set, sigs[i]);
    if (sigprocmask(SIG_BLOCK, &set, old) != 0)
        return -1;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = live_on_signal;
    sa.sa_mask = set;
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        if (sigaction(sigs[i], &sa, NULL) != 0)
            return -1;
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        sigdelset(old, sigs[i]);
    return 0;
}

/* ---------------------------------------------------------- pidfile */

/* -1 when path names a live process other than us. */
static int live_pidfile_check(const char *path)
{
    char buf[32] = "";
    FILE *fp = fopen(path, "r");
    if (!fp)
        return 0;
    size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    long pid = strtol(buf, NULL, 10);
    if (pid <= 0 || pid == (long)getpid())
        return 0;
    if (kill((pid_t)pid, 0) == 0 || errno == EPERM) {
        log_error("%s: refusing to start: process %ld named in the pidfile is running", path,
                  pid);
        return -1;
    }
    return 0;
}

static int live_pidfile_write(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        log_error("%s: cannot write pidfile: %s", path, strerror(errno));
        return -1;
    }
    char buf[32];
    int len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
    bool ok = write(fd, buf, (size_t)len) == len;
    if (close(fd) != 0 || !ok) {
        log_error("%s: cannot write pidfile: %s", path, strerror(errno));
        unlink(path);
        return -1;
    }
    return 0;
}

static void live_pidfile_remove(const char *path)
{
    if (path && unlink(path) != 0 && errno != ENOENT)
        log_warn("%s: cannot remove pidfile: %s (its directory must be writable by --user)",
                 path, strerror(errno));
}

/* ------------------------------------------------------- privileges */

struct live_ids {
    bool change;
    bool set_uid;
    uid_t uid;
    gid_t gid;
    char desc[160];
};

/* Look --user / --group up before anything is opened, so that a typo is a
 * usage error.  The group defaults to the user's primary group. */
static int live_ids_resolve(const char *user, const char *group, struct live_ids *ids)
{
    memset(ids, 0, sizeof(*ids));
    if (!user && !group)
        return 0;
    ids->change = true;
    if (user) {
        struct passwd *pw = getpwnam(user);
        if (!pw) {
            log_error("--user %s: no such user", user);
            return -1;
        }
        ids->set_uid = true;
        ids->uid = pw->pw_uid;
        ids->gid = pw->pw_gid;
    }
    if (group) {
        struct group *gr = getgrnam(group);
        if (!gr) {
            log_error("--group %s: no such group", group);
            return -1;
        }
        ids->gid = gr->gr_gid;
    }
    snprintf(ids->desc, sizeof(ids->desc), "user %s (uid %ld), group gid %ld",
             user ? user : "(unchanged)", ids->set_uid ? (long)ids->uid : (long)getuid(),
             (long)ids->gid);
    return 0;
}

/* setgroups, setgid, setuid: in that order, as the later ones remove the
 * right to make the earlier ones. */
static int live_ids_drop(const struct live_ids *ids)
{
    const char *step = NULL;
    if (!ids->change)
        return 0;
    if (setgroups(1, &ids->gid) != 0)
        step = "setgroups";
    else if (setgid(ids->gid) != 0)
        step = "setgid";
    else if (ids->set_uid && setuid(ids->uid) != 0)
        step = "setuid";
    if (step) {
        int err = errno;
        log_error("cannot drop privileges to %s: %s: %s%s", ids->desc, step, strerror(err),
                  err == EPERM ? " (only root can change its user and groups)" : "");
        return -1;
    }
    if (ids->set_uid && ids->uid != 0 && setuid(0) == 0) {
        log_error("cannot drop privileges to %s: root could be regained", ids->desc);
        return -1;
    }
    log_info("running as %s", ids->desc);
    return 0;
}

/* ------------------------------------------------------------- loop */

struct live {
    struct engine *e;
    struct source_live src;
    const struct runmode_live_opts *o;
    sigset_t poll_mask;
    double next_stats;   /* monotonic */
    double t0;           /* monotonic, at start */
    double next_tick;    /* monotonic: next eve_tick */
    uint64_t out_errors; /* output errors already reported */
    bool pidfile_written;
};

static double live_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double live_wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void live_packet(void *ctx, struct packet *p)
{
    engine_packet(ctx, p);
}

static void live_capture_counters(struct live *l)
{
    if (source_live_update_stats(&l->src) != 0) {
        engine_live_capture_error(l->e);
        log_warn("%s: %s", l->src.iface, l->src.err);
        return;
    }
    engine_live_capture(l->e, l->src.stats.packets, l->src.stats.drops, l->src.stats.ifdrops);
}

/* SIGUSR2: the policy and rules again, all or nothing. */
static void live_reload(struct live *l)
{
    struct config cfg;
    log_info("SIGUSR2: reloading the policy and rules");
    if (l->o->reload_config(l->o->reload_ctx, &cfg) != 0) {
        engine_reload_failed(l->e);
        return;
    }
    (void)engine_reload(l->e, &cfg);
}

/* Act on the signals that came; true when told to stop. */
static bool live_signals(struct live *l)
{
    sig_atomic_t pending = live_pending;
    live_pending = 0;
    if (pending & SIG_REOPEN) {
        log_info("SIGHUP: reopening the log files");
        if (engine_reopen_outputs(l->e) != 0)
            log_error("reopening the log files failed; see the errors above");
    }
    if (pending & SIG_RELOAD)
        live_reload(l);
    return (pending & SIG_STOP) != 0;
}

/* Output errors are not in the stats record (Suricata has no key for
 * them): a warning when their number grows, and the summary line. */
static void live_output_errors(struct live *l)
{
    uint64_t n = engine_output_errors(l->e);
    if (n > l->out_errors)
        log_warn("%llu more output error(s) (%llu in all); see the outputs' messages",
                 (unsigned long long)(n - l->out_errors), (unsigned long long)n);
    l->out_errors = n;
}

/* Periodic work, run after every wake-up. */
static void live_periodic(struct live *l)
{
    double wall = live_wall();
    engine_tick(l->e, (int64_t)wall);
    double now = live_mono();
    if (now >= l->next_stats) {
        live_capture_counters(l);
        engine_stats(l->e);
        while (l->next_stats <= now)
            l->next_stats += l->e->cfg.stats_interval;
    }
    if (now >= l->next_tick) {
        l->next_tick = now + LIVE_TICK;
        engine_tick_outputs(l->e, now);
        live_output_errors(l);
    }
}

/* Wait for packets or a signal, then take what is waiting.  -1 when the
 * capture broke. */
static int live_wait_and_read(struct live *l)
{
    struct pollfd pfd = {l->src.fd, POLLIN, 0};
    double left = l->next_stats - live_mono();
    int ms = left <= 0 ? 0 : left * 1000 < LIVE_POLL_MS ? (int)(left * 1000) + 1 : LIVE_POLL_MS;
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    int rc = ppoll(&pfd, l->src.fd >= 0 ? 1 : 0, &ts, &l->poll_mask);
    if (rc < 0 && errno != EINTR) {
        log_error("%s: poll failed: %s", l->src.iface, strerror(errno));
        return -1;
    }
    if (rc <= 0 && l->src.fd >= 0)
        return 0;
    for (int i = 0; i < LIVE_BATCHES; i++) {
        int n = source_live_dispatch(&l->src, LIVE_BATCH, live_packet, l->e);
        if (n < 0) {
            log_error("%s: %s", l->src.iface, l->src.err);
            return -1;
        }
        if (n < LIVE_BATCH)
            break;
    }
    return 0;
}

/* Until a stop signal (LIVE_OK) or a broken capture (LIVE_INPUT). */
static int live_loop(struct live *l)
{
    for (;;) {
        if (live_wait_and_read(l) != 0)
            return LIVE_INPUT;
        if (live_signals(l))
            return LIVE_OK;
        live_periodic(l);
    }
}

/* ------------------------------------------------------------ entry */

/* Engine, capture, pidfile, privileges: everything before the loop. */
static int live_start(struct live *l, const struct config *cfg, const struct live_ids *ids)
{
    char bpf[CONFIG_ITEM_MAX * 2 + 64];
    if (source_live_filter(cfg, bpf, sizeof(bpf)) != 0) {
        log_error("capture.bpf-filter: the filter derived from smb.ports is too long");
        return LIVE_USAGE;
    }
    l->e = engine_new(cfg, false);
    if (!l->e)
        return LIVE_USAGE;
    struct source_live_cfg sc = {l->o->iface, cfg->capture_buffer_size, cfg->capture_snaplen,
                                 cfg->capture_promisc, bpf};
    if (source_live_open(&l->src, &sc) != 0) {
        if (l->src.bad_filter) {
            log_error("capture.bpf-filter: %s", l->src.err);
            return LIVE_USAGE;
        }
        log_error("%s: %s", l->o->iface, l->src.err);
        return LIVE_INPUT;
    }
    if (l->o->pidfile) {
        if (live_pidfile_write(l->o->pidfile) != 0)
            return LIVE_INPUT;
        l->pidfile_written = true;
    }
    if (live_ids_drop(ids) != 0)
        return LIVE_INPUT;
    log_info("capturing on %s (link type %d, filter \"%s\", %llu rules)", l->o->iface,
             l->src.linktype, bpf,
             (unsigned long long)engine_rules_loaded(l->e));
    return LIVE_OK;
}

int runmode_live(const struct config *cfg, const struct runmode_live_opts *o)
{
    struct live l;
    struct live_ids ids;
    memset(&l, 0, sizeof(l));
    l.o = o;
    l.src.fd = -1;
    if (live_ids_resolve(o->user, o->group, &ids) != 0)
        return LIVE_USAGE;
    if (o->pidfile && live_pidfile_check(o->pidfile) != 0)
        return LIVE_INPUT;
    if (live_signals_install(&l.poll_mask) != 0) {
        log_error("cannot install signal handlers: %s", strerror(errno));
        return LIVE_INPUT;
    }
    l.t0 = live_mono();
    int status = live_start(&l, cfg, &ids);
    if (status == LIVE_OK) {
        engine_live_begin(l.e, o->iface, (int64_t)live_wall());
        l.next_stats = l.t0 + cfg->stats_interval;
        status = live_loop(&l);
        log_info("stopping: flushing flows and writing the final stats");
        live_capture_counters(&l);
        engine_flush(l.e);
        engine_finish(l.e, live_mono() - l.t0, stderr);
    }
    source_live_close(&l.src);
    if (engine_free(l.e) != 0 && status == LIVE_OK)
        status = LIVE_INPUT;
    if (l.pidfile_written)
        live_pidfile_remove(o->pidfile);
    return status;
}
