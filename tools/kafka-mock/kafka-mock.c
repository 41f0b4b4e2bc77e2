/*
 * kafka-mock: a Kafka-protocol mock cluster for tests, built on librdkafka's
 * rdkafka_mock (an experimental librdkafka API, see <librdkafka/rdkafka_mock.h>).
 *
 * Usage: kafka-mock [broker-count]        (default 3 brokers, ids 1..N, N <= 1024)
 *
 * stdout, line 1: the bootstrap servers, e.g. "127.0.0.1:40111,127.0.0.1:40113"
 * stdout, line 2: "control 127.0.0.1:<port>", the TCP control channel.
 *
 * Control channel: one command per line, one reply line per command, either
 * "ok[ <detail>]" or "error <ERR_NAME> <message>". It is served on TCP so that
 * every jest worker process can reach it, and on stdin/stdout for debugging.
 * A line longer than LINE_MAX_LEN bytes is answered "error LINE_TOO_LONG ..."
 * and skipped; the channel goes on with the next line.
 *
 *   ping
 *   bootstraps
 *   create_topic <name> <partitions> [<replication-factor>]
 *   broker_down <broker-id>          (-1: every broker)
 *   broker_up <broker-id>            (-1: every broker)
 *   set_rtt <broker-id> <ms>         (-1: every broker)
 *   push_request_errors <api-key> <error-code>...
 *   clear_request_errors <api-key>
 *
 * The process exits on stdin EOF, so it never outlives the process that spawned
 * it (even one killed with SIGKILL), and on SIGTERM / SIGINT.
 *
 * Build: cc -O2 -o tools/kafka-mock/kafka-mock tools/kafka-mock/kafka-mock.c -lrdkafka
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define MAX_CLIENTS 64
#define MAX_BROKERS 1024
/* The longest command line, newline excluded: room for thousands of pushed error codes. */
#define LINE_MAX_LEN 16384
/* Words are separated by blanks, so a line holds at most this many. */
#define MAX_ARGS (LINE_MAX_LEN / 2 + 1)

/* One control connection: stdin/stdout or an accepted TCP socket. */
struct client {
  int in_fd;
  int out_fd;
  size_t len;
  int skipping; /* the rest of a too-long line is being read and dropped */
  char buf[LINE_MAX_LEN + 1];
};

static volatile sig_atomic_t stop_requested = 0;
static rd_kafka_mock_cluster_t *mcluster = NULL;
static char *bootstraps = NULL;
/* Static: too big for the stack. */
static struct client clients[MAX_CLIENTS];
static char *args[MAX_ARGS];
static rd_kafka_resp_err_t pushed_errors[MAX_ARGS];

static void on_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

static void fail(const char *what) {
  fprintf(stderr, "kafka-mock: %s\n", what);
  exit(1);
}

/* Writes the whole buffer; a reader that went away is not our failure. */
static void write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    data += n;
    len -= (size_t)n;
  }
}

static void reply(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reply(int fd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  /* Sized to the reply: the bootstraps of many brokers outgrow any fixed buffer. */
  char *line = malloc((size_t)n + 2);
  if (!line) fail("out of memory");
  va_start(ap, fmt);
  vsnprintf(line, (size_t)n + 1, fmt, ap);
  va_end(ap);
  line[n] = '\n';
  write_all(fd, line, (size_t)n + 1);
  free(line);
}

static void reply_err(int fd, rd_kafka_resp_err_t err) {
  if (err)
    reply(fd, "error %s %s", rd_kafka_err2name(err), rd_kafka_err2str(err));
  else
    reply(fd, "ok");
}

/* Strict integer parsing: a typo must be an error, never a silent 0. */
static int parse_int(const char *s, long min, long max, long *out) {
  char *end = NULL;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end != '\0' || v < min || v > max) return -1;
  *out = v;
  return 0;
}

/* Kafka's legal topic names: [a-zA-Z0-9._-]{1,249}. */
static int valid_topic(const char *name) {
  size_t len = strlen(name);
  if (len == 0 || len > 249) return 0;
  for (size_t i = 0; i < len; i++) {
    char c = name[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '.' || c == '_' || c == '-'))
      return 0;
  }
  return 1;
}

#define USAGE(usage)                                          \
  do {                                                        \
    reply(fd, "error INVALID_ARGS usage: %s", usage);         \
    return;                                                   \
  } while (0)

static void run_command(int fd, char *line) {
  char **argv = args;
  int argc = 0;
  char *save = NULL;
  for (char *tok = strtok_r(line, " \t\r", &save); tok && argc < MAX_ARGS;
       tok = strtok_r(NULL, " \t\r", &save))
    argv[argc++] = tok;
  if (argc == 0) return; /* blank lines are ignored, not answered */

  const char *cmd = argv[0];
  long a, b, c;

  if (!strcmp(cmd, "ping")) {
    reply(fd, "ok pong");
  } else if (!strcmp(cmd, "bootstraps")) {
    reply(fd, "ok %s", bootstraps);
  } else if (!strcmp(cmd, "create_topic")) {
    if (argc < 3 || argc > 4 || !valid_topic(argv[1]) ||
        parse_int(argv[2], 1, 10000, &a) ||
        (argc == 4 ? parse_int(argv[3], 1, 100, &b) : (b = 1, 0)))
      USAGE("create_topic <name> <partitions 1..10000> [<replication-factor>]");
    reply_err(fd, rd_kafka_mock_topic_create(mcluster, argv[1], (int)a, (int)b));
  } else if (!strcmp(cmd, "broker_down") || !strcmp(cmd, "broker_up")) {
    if (argc != 2 || parse_int(argv[1], -1, INT32_MAX, &a))
      USAGE("broker_down|broker_up <broker-id | -1>");
    int down = !strcmp(cmd, "broker_down");
    reply_err(fd, down ? rd_kafka_mock_broker_set_down(mcluster, (int32_t)a)
                       : rd_kafka_mock_broker_set_up(mcluster, (int32_t)a));
  } else if (!strcmp(cmd, "set_rtt")) {
    if (argc != 3 || parse_int(argv[1], -1, INT32_MAX, &a) ||
        parse_int(argv[2], 0, 3600000, &b))
      USAGE("set_rtt <broker-id | -1> <ms>");
    reply_err(fd, rd_kafka_mock_broker_set_rtt(mcluster, (int32_t)a, (int)b));
  } else if (!strcmp(cmd, "push_request_errors")) {
    rd_kafka_resp_err_t *errs = pushed_errors;
    if (argc < 3 || parse_int(argv[1], 0, INT16_MAX, &a))
      USAGE("push_request_errors <api-key> <error-code>...");
    for (int i = 2; i < argc; i++) {
      /* Negative codes are librdkafka-internal, e.g. -195 (__TRANSPORT) disconnects. */
      if (parse_int(argv[i], -200, 200, &c))
        USAGE("push_request_errors <api-key> <error-code>...");
      errs[i - 2] = (rd_kafka_resp_err_t)c;
    }
    rd_kafka_mock_push_request_errors_array(mcluster, (int16_t)a, (size_t)(argc - 2), errs);
    reply(fd, "ok");
  } else if (!strcmp(cmd, "clear_request_errors")) {
    if (argc != 2 || parse_int(argv[1], 0, INT16_MAX, &a))
      USAGE("clear_request_errors <api-key>");
    rd_kafka_mock_clear_request_errors(mcluster, (int16_t)a);
    reply(fd, "ok");
  } else {
    reply(fd, "error UNKNOWN_COMMAND unknown command: %.64s", cmd);
  }
}

/*
 * Reads what is available and runs every complete line. Returns -1 on EOF.
 * A line that outgrows the buffer is answered at once with LINE_TOO_LONG, then
 * read to its end and dropped, so the one reply per line still holds and the
 * connection (or stdin) stays usable.
 */
static int serve(struct client *cl) {
  ssize_t n = read(cl->in_fd, cl->buf + cl->len, sizeof(cl->buf) - cl->len);
  if (n < 0) return (errno == EINTR || errno == EAGAIN) ? 0 : -1;
  if (n == 0) return -1;
  cl->len += (size_t)n;

  char *start = cl->buf;
  char *nl;
  while ((nl = memchr(start, '\n', cl->len - (size_t)(start - cl->buf))) != NULL) {
    *nl = '\0';
    if (cl->skipping)
      cl->skipping = 0; /* the end of the too-long line: drop it */
    else
      run_command(cl->out_fd, start);
    start = nl + 1;
  }
  cl->len -= (size_t)(start - cl->buf);
  memmove(cl->buf, start, cl->len);
  if (cl->len > LINE_MAX_LEN) {
    if (!cl->skipping)
      reply(cl->out_fd, "error LINE_TOO_LONG command lines are limited to %d bytes",
            LINE_MAX_LEN);
    cl->skipping = 1;
    cl->len = 0;
  }
  return 0;
}

static int listen_control(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) fail("socket() failed");
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* never reachable from outside */
  addr.sin_port = 0;
  if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) || listen(fd, 32))
    fail("cannot listen on the control port");
  return fd;
}

int main(int argc, char **argv) {
  long brokers = 3;
  if (argc > 2 || (argc == 2 && parse_int(argv[1], 1, MAX_BROKERS, &brokers))) {
    fprintf(stderr, "usage: %s [broker-count 1..%d]\n", argv[0], MAX_BROKERS);
    return 2;
  }

  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal; /* no SA_RESTART: poll() must return EINTR */
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN); /* a client that hangs up must not kill the cluster */

  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  const char *log_level = getenv("KAFKA_MOCK_LOG_LEVEL");
  const char *debug = getenv("KAFKA_MOCK_DEBUG");
  if (rd_kafka_conf_set(conf, "log_level", log_level ? log_level : "3", errstr,
                        sizeof(errstr)) != RD_KAFKA_CONF_OK ||
      (debug && rd_kafka_conf_set(conf, "debug", debug, errstr, sizeof(errstr)) !=
                    RD_KAFKA_CONF_OK))
    fail(errstr);
  /* The handle only hosts the mock cluster; it never connects anywhere itself. */
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (!rk) fail(errstr);
  mcluster = rd_kafka_mock_cluster_new(rk, (int)brokers);
  if (!mcluster) fail("rd_kafka_mock_cluster_new failed");
  bootstraps = strdup(rd_kafka_mock_cluster_bootstraps(mcluster));
  if (!bootstraps) fail("out of memory");

  int listen_fd = listen_control();
  struct sockaddr_in bound;
  socklen_t bound_len = sizeof(bound);
  if (getsockname(listen_fd, (struct sockaddr *)&bound, &bound_len)) fail("getsockname failed");

  reply(STDOUT_FILENO, "%s\ncontrol 127.0.0.1:%u", bootstraps, (unsigned)ntohs(bound.sin_port));

  /* clients[0] is stdin/stdout; pollfds[0] is the listener, pollfds[i + 1] is clients[i]. */
  int nclients = 1;
  memset(&clients[0], 0, sizeof(clients[0]));
  clients[0].in_fd = STDIN_FILENO;
  clients[0].out_fd = STDOUT_FILENO;

  while (!stop_requested) {
    struct pollfd fds[MAX_CLIENTS + 1];
    fds[0].fd = listen_fd;
    fds[0].events = POLLIN;
    for (int i = 0; i < nclients; i++) {
      fds[i + 1].fd = clients[i].in_fd;
      fds[i + 1].events = POLLIN;
    }
    if (poll(fds, (nfds_t)nclients + 1, -1) < 0) {
      if (errno == EINTR) continue;
      fail("poll failed");
    }

    /* Walk backwards so removing a client does not shift the ones still to visit. */
    for (int i = nclients - 1; i >= 0; i--) {
      if (!(fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      if (serve(&clients[i]) == 0) continue;
      if (i == 0) {
        stop_requested = 1; /* stdin closed: our parent is gone */
        break;
      }
      close(clients[i].in_fd);
      clients[i] = clients[--nclients];
    }

    if (!stop_requested && (fds[0].revents & POLLIN)) {
      int fd = accept(listen_fd, NULL, NULL);
      if (fd >= 0 && nclients == MAX_CLIENTS) {
        reply(fd, "error TOO_MANY_CLIENTS at most %d control connections", MAX_CLIENTS - 1);
        close(fd);
      } else if (fd >= 0) {
        memset(&clients[nclients], 0, sizeof(clients[nclients]));
        clients[nclients].in_fd = fd;
        clients[nclients].out_fd = fd;
        nclients++;
      }
    }
  }

  for (int i = 1; i < nclients; i++) close(clients[i].in_fd);
  close(listen_fd);
  rd_kafka_mock_cluster_destroy(mcluster);
  rd_kafka_destroy(rk);
  free(bootstraps);
  return 0;
}
