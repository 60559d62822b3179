/* pcapfloor-buffered.c - the libpcap floor with the same 1 MiB stdio
 * buffer smbneg gives libpcap: read every record, touch its first bytes.
 * Shows how much of smbneg's lead over ../shared/bench/pcapcount.c is the
 * buffer alone.  cc -O2 pcapfloor-buffered.c -lpcap */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    char err[PCAP_ERRBUF_SIZE];
    unsigned long long pkts = 0, sum = 0;
    for (int a = 1; a < argc; a++) {
        FILE *fp = fopen(argv[a], "rb");
        char *buf = malloc(1u << 20);
        if (!fp || !buf)
            return 1;
        setvbuf(fp, buf, _IOFBF, 1u << 20);
        pcap_t *p = pcap_fopen_offline(fp, err);
        if (!p) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        struct pcap_pkthdr *h;
        const u_char *d;
        while (pcap_next_ex(p, &h, &d) == 1) {
            pkts++;
            for (bpf_u_int32 i = 0; i < h->caplen && i < 64; i += 8)
                sum += d[i];
        }
        pcap_close(p);
        free(buf);
    }
    printf("%llu packets (%llu)\n", pkts, sum);
    return 0;
}
