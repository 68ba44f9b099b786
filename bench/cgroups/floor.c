/*
 * The kernel's floor for a cgroups scrape: replays, in C, the system calls jsos's metrics path
 * makes on the same tree (recorded by ScaleBench from the Java reader itself, so both read the
 * same files), and prints the CPU time (getrusage user + system) per cgroup. Nothing is parsed:
 * what is left is what any reader of these files pays the kernel.
 *
 *   floor OPS_FILE CGROUPS ITERATIONS
 *
 * OPS_FILE has one operation per line, in the order the Java reader made them:
 *   L <dir>    list a directory (opendir, readdir to the end, closedir)
 *   S <path>   stat it (Files.isDirectory / exists)
 *   R <file>   open, read to EOF into a 64 KiB buffer, close (as the Java reader does)
 * Prints one line: "floor <cpu us per cgroup> <user us per cgroup> <reads> <lists> <stats>",
 * the times the median of ITERATIONS runs after two warm-up runs, the counts per run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static char buf[64 * 1024];

static long us(struct timeval t) {
    return (long) t.tv_sec * 1000000L + t.tv_usec;
}

static int cmp(const void *a, const void *b) {
    long x = *(const long *) a, y = *(const long *) b;
    return x < y ? -1 : x > y;
}

/* Runs every operation once; returns how many failed (a vanished file is an error in a bench). */
static long replay(char **ops, long n, long *reads, long *lists, long *stats) {
    long failed = 0;
    *reads = *lists = *stats = 0;
    for (long i = 0; i < n; i++) {
        const char *path = ops[i] + 2;
        struct stat st;
        switch (ops[i][0]) {
        case 'L': {
            DIR *d = opendir(path);
            if (d == NULL) {
                failed++;
                break;
            }
            while (readdir(d) != NULL) {
            }
            closedir(d);
            (*lists)++;
            break;
        }
        case 'S':
            if (stat(path, &st) != 0) {
                failed++;
            }
            (*stats)++;
            break;
        case 'R': {
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                failed++;
                break;
            }
            while (read(fd, buf, sizeof buf) > 0) {
            }
            close(fd);
            (*reads)++;
            break;
        }
        default:
            failed++;
        }
    }
    return failed;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s OPS_FILE CGROUPS ITERATIONS\n", argv[0]);
        return 2;
    }
    long cgroups = atol(argv[2]);
    int iterations = atoi(argv[3]);
    if (cgroups < 1 || iterations < 1) {
        fprintf(stderr, "CGROUPS and ITERATIONS must be positive\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    long cap = 1024, n = 0;
    char **ops = malloc(cap * sizeof *ops);
    char *line = NULL;
    size_t len = 0;
    ssize_t got;
    while ((got = getline(&line, &len, f)) > 0) {
        if (line[got - 1] == '\n') {
            line[--got] = '\0';
        }
        if (got < 3 || line[1] != ' ') {
            continue;
        }
        if (n == cap) {
            cap *= 2;
            ops = realloc(ops, cap * sizeof *ops);
        }
        ops[n++] = strdup(line);
    }
    fclose(f);
    free(line);

    long reads, lists, stats;
    long *cpu = malloc(iterations * sizeof *cpu);
    long *user = malloc(iterations * sizeof *user);
    for (int i = -2; i < iterations; i++) {
        struct rusage a, b;
        getrusage(RUSAGE_SELF, &a);
        long failed = replay(ops, n, &reads, &lists, &stats);
        getrusage(RUSAGE_SELF, &b);
        if (failed > 0) {
            fprintf(stderr, "%ld of %ld operations failed: is the tree still there?\n", failed, n);
            return 1;
        }
        if (i >= 0) {
            user[i] = us(b.ru_utime) - us(a.ru_utime);
            cpu[i] = user[i] + us(b.ru_stime) - us(a.ru_stime);
        }
    }
    qsort(cpu, iterations, sizeof *cpu, cmp);
    qsort(user, iterations, sizeof *user, cmp);
    printf("floor %.2f %.2f %ld %ld %ld\n", (double) cpu[iterations / 2] / cgroups, (double) user[iterations / 2] / cgroups,
           reads, lists, stats);
    return 0;
}
