/* spawn-rss.c - run a command and print its peak RSS in KiB (ru_maxrss).
 *
 * bench/run.py measures programs it forks itself, but a child forked from
 * Python starts with Python's resident pages in its RSS high-water mark
 * (Linux keeps the largest of the address spaces a process had, its
 * pre-exec copy of Python included), so nothing smaller than the Python
 * process could be seen.  This small program forks the command from its own
 * small address space and reports the command's ru_maxrss on stderr as
 * "maxrss_kib N" after the command's own output.
 * Usage: spawn-rss PROGRAM [ARG...]; exit status: the command's. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: spawn-rss PROGRAM [ARG...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 2;
    }
    if (pid == 0) {
        execv(argv[1], argv + 1);
        perror(argv[1]);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("wait4");
        return 2;
    }
    fprintf(stderr, "maxrss_kib %ld\n", ru.ru_maxrss);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
