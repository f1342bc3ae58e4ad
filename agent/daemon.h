/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The live daemon: vigil [-c FILE] [-r RULES]... [-o KEY=VALUE]...
 *
 * Opens the device, pushes the syscall bitmap (the enabled rules' event
 * types plus what the state needs), ignores its own process, seeds the
 * state from /proc, then runs one epoll loop over the device fd, a
 * signalfd and a timerfd:
 *   SIGHUP           re-read config and rules; swap only if both load
 *   SIGTERM, SIGINT  stop, drain the rings, flush the outputs, exit 0
 *   SIGUSR1          reopen file outputs (logrotate)
 *   timer            kernel drop counters (syscall_event_drops), metrics
 */
#ifndef VIGIL_DAEMON_H
#define VIGIL_DAEMON_H

int vigil_daemon_main(int argc, char **argv);

/* The state's own needs, as a comma list of event names. */
extern const char vigil_daemon_state_events[];

#endif /* VIGIL_DAEMON_H */
