/*
 * An open-loop (constant arrival rate) HTTP/1.1 load generator in C, for the pre-trade benchmark's
 * fixed-rate phase. The same method as bench/open-loop-load.ts, without a JavaScript runtime's own
 * pauses (its timer slack and garbage collection stalled the Node generator for up to ~25 ms on a
 * two-vCPU machine, and every response that arrived meanwhile was timed late).
 *
 * Request i is due at start + i / rate (a timerfd armed to the nanosecond for the next due time).
 * Each due request goes out on a free keep-alive connection (one request in flight per
 * connection); when none is free it waits in a queue. Two latencies per request:
 * - from send: from the write of the request to the end of its response;
 * - from due:  from its due time to the end of its response (counts waiting for a free
 *              connection, so a stalled service cannot hide the stall: coordinated omission).
 * Response times are read from CLOCK_MONOTONIC as soon as epoll reports the socket readable.
 *
 * Usage: open_loop HOST PORT PATH RATE DURATION_S WARMUP_S CONNECTIONS BODIES_FILE HEADERS_FILE [DUMP_FILE]
 *   BODIES_FILE: one request body per line, used in turn; HEADERS_FILE: extra header lines
 *   ("name: value" each), e.g. the authorization header.
 * Prints one JSON object to stdout; with DUMP_FILE, one line per measured request:
 *   milliseconds from the start of the measured window to the send, tab, latency from the send.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 1024
#define BUF_SIZE (256 * 1024)

typedef struct {
  int fd;
  int busy;
  int dead;
  long req;         /* index of the request in flight */
  double sent_at;   /* ms */
  double due_at;    /* ms */
  char *buf;
  size_t len;
} conn_t;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void die(const char *what) { perror(what); exit(2); }

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) die(path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  if (n > 0 && fread(s, 1, (size_t)n, f) != (size_t)n) die("read");
  s[n] = 0;
  fclose(f);
  *len = (size_t)n;
  return s;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double pct(const double *s, long n, double q) {
  if (n == 0) return 0;
  long i = (long)(q * (double)n + 0.999999999) - 1;
  if (i < 0) i = 0;
  if (i >= n) i = n - 1;
  return s[i];
}

static void print_summary(const char *name, double *v, long n) {
  qsort(v, (size_t)n, sizeof(double), cmp_double);
  double sum = 0;
  for (long i = 0; i < n; i++) sum += v[i];
  printf("\"%s\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"p999\":%.3f,\"max\":%.3f,\"mean\":%.3f}", name,
         pct(v, n, 0.5), pct(v, n, 0.9), pct(v, n, 0.99), pct(v, n, 0.999), n ? v[n - 1] : 0, n ? sum / (double)n : 0);
}

int main(int argc, char **argv) {
  if (argc < 10) {
    fprintf(stderr, "usage: open_loop HOST PORT PATH RATE DURATION_S WARMUP_S CONNECTIONS BODIES_FILE HEADERS_FILE [DUMP_FILE]\n");
    return 2;
  }
  const char *host = argv[1];
  int port = atoi(argv[2]);
  const char *path = argv[3];
  double rate = atof(argv[4]);
  double duration_s = atof(argv[5]);
  double warmup_s = atof(argv[6]);
  int nconn = atoi(argv[7]);
  if (nconn < 1 || nconn > MAX_CONNS || rate <= 0) { fprintf(stderr, "bad connections or rate\n"); return 2; }

  /* bodies: one per line */
  size_t blen;
  char *bodies_text = read_file(argv[8], &blen);
  long nbodies = 0;
  for (size_t i = 0; i < blen; i++) if (bodies_text[i] == '\n') nbodies++;
  if (blen > 0 && bodies_text[blen - 1] != '\n') nbodies++;
  if (nbodies == 0) { fprintf(stderr, "no bodies\n"); return 2; }
  size_t hlen;
  char *headers = read_file(argv[9], &hlen);
  /* pre-build each request */
  char **reqs = malloc(sizeof(char *) * (size_t)nbodies);
  size_t *req_len = malloc(sizeof(size_t) * (size_t)nbodies);
  {
    char *p = bodies_text;
    for (long i = 0; i < nbodies; i++) {
      char *e = strchr(p, '\n');
      size_t bl = e ? (size_t)(e - p) : strlen(p);
      size_t cap = bl + hlen + strlen(path) + strlen(host) + 256;
      reqs[i] = malloc(cap);
      int n = snprintf(reqs[i], cap, "POST %s HTTP/1.1\r\nhost: %s:%d\r\nconnection: keep-alive\r\n%scontent-type: application/json\r\ncontent-length: %zu\r\n\r\n", path, host, port, headers, bl);
      memcpy(reqs[i] + n, p, bl);
      req_len[i] = (size_t)n + bl;
      p = e ? e + 1 : p + bl;
    }
  }

  long warmup = (long)(rate * warmup_s + 0.5);
  long measured_total = (long)(rate * duration_s + 0.5);
  long total = warmup + measured_total;
  double *from_send = calloc((size_t)measured_total, sizeof(double));
  double *from_due = calloc((size_t)measured_total, sizeof(double));
  double *lag = calloc((size_t)total, sizeof(double));
  double *sent_rel = calloc((size_t)measured_total, sizeof(double));
  long nmeasured = 0, nlag = 0, non2xx = 0, errors = 0, approve = 0, reject = 0, ngate = 0;
  double *gate = calloc((size_t)measured_total, sizeof(double));
  char *sample = NULL;
  int marked = 0;

  int ep = epoll_create1(0);
  if (ep < 0) die("epoll_create1");
  static conn_t conns[MAX_CONNS];
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) { fprintf(stderr, "host must be an IPv4 address\n"); return 2; }
  for (int i = 0; i < nconn; i++) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("connect");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    conns[i] = (conn_t){ .fd = fd, .busy = 0, .buf = malloc(BUF_SIZE), .len = 0 };
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
  }
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  if (tfd < 0) die("timerfd_create");
  {
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 0xffffffffu };
    if (epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev) < 0) die("epoll_ctl timer");
  }

  int idle[MAX_CONNS];
  int nidle = 0;
  for (int i = nconn - 1; i >= 0; i--) idle[nidle++] = i;
  /* queue of due requests waiting for a free connection: indexes scheduled..queued */
  double *queue_due = calloc((size_t)total, sizeof(double));
  long qhead = 0, qtail = 0;
  long scheduled = 0, completed = 0, sent = 0;
  double start = now_ms();
  double measure_start = start + (double)warmup * 1000.0 / rate;
  double deadline = start + (double)total * 1000.0 / rate + 10000.0; /* answers may take up to 10 s after the last send */

  struct epoll_event events[MAX_CONNS + 1];
  for (;;) {
    double t = now_ms();
    /* schedule every request that has come due */
    long due_count = (long)((t - start) * rate / 1000.0) + 1;
    if (due_count > total) due_count = total;
    for (; scheduled < due_count; scheduled++) {
      double due = start + (double)scheduled * 1000.0 / rate;
      lag[nlag++] = t - due;
      queue_due[qtail++] = due;
      if (!marked && scheduled >= warmup) { marked = 1; fprintf(stderr, "measuring\n"); fflush(stderr); }
    }
    while (qhead < qtail && nidle > 0) {
      int c = idle[--nidle];
      conn_t *k = &conns[c];
      long i = qhead;
      k->busy = 1;
      k->req = i;
      k->due_at = queue_due[qhead++];
      const char *r = reqs[sent % nbodies];
      size_t rl = req_len[sent % nbodies];
      sent++;
      k->sent_at = now_ms();
      size_t off = 0;
      while (off < rl) {
        ssize_t w = write(k->fd, r + off, rl - off);
        if (w < 0) { if (errno == EINTR) continue; errors++; k->busy = 0; break; }
        off += (size_t)w;
      }
    }
    if (completed + errors >= total) break;
    if (t > deadline) break;
    /* arm the timer for the next due request */
    if (scheduled < total) {
      double next = start + (double)scheduled * 1000.0 / rate;
      struct itimerspec its = { 0 };
      double abs_ns = next * 1e6;
      its.it_value.tv_sec = (time_t)(abs_ns / 1e9);
      its.it_value.tv_nsec = (long)(abs_ns - (double)its.it_value.tv_sec * 1e9);
      if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0) its.it_value.tv_nsec = 1;
      timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
    }
    int n = epoll_wait(ep, events, nconn + 1, scheduled < total ? -1 : 100);
    double tr = now_ms();
    if (n < 0) { if (errno == EINTR) continue; die("epoll_wait"); }
    for (int e = 0; e < n; e++) {
      uint32_t id = events[e].data.u32;
      if (id == 0xffffffffu) { uint64_t x; ssize_t rr = read(tfd, &x, sizeof x); (void)rr; continue; }
      conn_t *k = &conns[id];
      for (;;) {
        ssize_t r = read(k->fd, k->buf + k->len, BUF_SIZE - 1 - k->len);
        if (r < 0) { if (errno == EINTR) continue; break; }
        if (r == 0) {
          /* closed by the server: an in-flight request is an error; the connection is not used again */
          if (k->busy) { errors++; k->busy = 0; }
          epoll_ctl(ep, EPOLL_CTL_DEL, k->fd, NULL);
          close(k->fd);
          k->fd = -1;
          k->dead = 1;
          for (int j = 0; j < nidle; j++) if (idle[j] == (int)id) { idle[j] = idle[--nidle]; break; }
          break;
        }
        k->len += (size_t)r;
        k->buf[k->len] = 0;
        break;
      }
      /* complete responses */
      for (;;) {
        char *he = strstr(k->buf, "\r\n\r\n");
        if (!he) break;
        size_t head_len = (size_t)(he - k->buf) + 4;
        long body_len = 0;
        char *cl = strcasestr(k->buf, "\r\ncontent-length:");
        if (cl && cl < he) body_len = strtol(cl + 17, NULL, 10);
        if (k->len < head_len + (size_t)body_len) break;
        int status = atoi(k->buf + 9);
        if (k->busy) {
          k->busy = 0;
          completed++;
          if (k->req >= warmup) {
            long m = nmeasured++;
            from_send[m] = tr - k->sent_at;
            from_due[m] = tr - k->due_at;
            sent_rel[m] = k->sent_at - measure_start;
            if (status < 200 || status >= 300) non2xx++;
            char saved = k->buf[head_len + (size_t)body_len];
            k->buf[head_len + (size_t)body_len] = 0;
            if (strstr(k->buf + head_len, "\"decision\":\"approve\"")) approve++;
            else if (strstr(k->buf + head_len, "\"decision\":\"reject\"")) reject++;
            char *lm = strstr(k->buf + head_len, "\"latencyMicros\":");
            if (lm) gate[ngate++] = strtod(lm + 16, NULL) / 1000.0;
            if (!sample) sample = strdup(k->buf + head_len);
            k->buf[head_len + (size_t)body_len] = saved;
          }
          idle[nidle++] = (int)id;
        }
        size_t used = head_len + (size_t)body_len;
        memmove(k->buf, k->buf + used, k->len - used);
        k->len -= used;
        k->buf[k->len] = 0;
      }
    }
  }
  double elapsed_s = (now_ms() - measure_start) / 1000.0;
  if (argc > 10) {
    FILE *d = fopen(argv[10], "w");
    if (d) {
      for (long i = 0; i < nmeasured; i++) fprintf(d, "%.3f\t%.3f\n", sent_rel[i], from_send[i]);
      fclose(d);
    }
  }
  long unanswered = measured_total - nmeasured;
  printf("{\"tool\":\"open-loop-c\",\"offeredRate\":%.0f,\"achievedRate\":%.0f,\"connections\":%d,\"requests\":%ld,\"non2xx\":%ld,\"errors\":%ld,\"unanswered\":%ld,\"decisions\":{\"approve\":%ld,\"reject\":%ld},",
         rate, (double)nmeasured / (elapsed_s > duration_s ? elapsed_s : duration_s), nconn, nmeasured, non2xx, errors + (unanswered > 0 ? unanswered : 0), unanswered > 0 ? unanswered : 0, approve, reject);
  print_summary("latencyFromSendMs", from_send, nmeasured);
  printf(",");
  print_summary("latencyFromDueMs", from_due, nmeasured);
  printf(",");
  print_summary("schedulerLagMs", lag + warmup, nlag - warmup > 0 ? nlag - warmup : 0);
  printf(",");
  print_summary("gateLatencyMs", gate, ngate);
  printf(",\"sampleBody\":\"");
  for (const char *c = sample ? sample : ""; *c; c++) {
    if (*c == '"' || *c == '\\') printf("\\%c", *c);
    else if ((unsigned char)*c < 0x20) printf("\\u%04x", (unsigned char)*c);
    else putchar(*c);
  }
  printf("\"}\n");
  return 0;
}
