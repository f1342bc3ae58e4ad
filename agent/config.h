/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The daemon's configuration: /etc/vigil/vigil.yaml (or -c FILE), then
 * -o key=value overrides, with Falco's key names where they mean the
 * same thing.  config/vigil.yaml documents every key.
 *
 * Keys are dotted paths ("file_output.filename"); one table in config.c
 * lists them with their type and where the value goes.  Unknown keys are
 * warnings (collected in cfg->warnings, never printed here); a value of
 * the wrong type or out of range is an error "FILE:LINE:COL: KEY: why",
 * or "-o KEY: why" for an override.  An -o value is parsed as YAML, so
 * lists can be given as "-o rules_files=[a.yaml,b.yaml]".
 *
 * Every string is owned by the config and freed by vigil_config_free().
 */
#ifndef VIGIL_CONFIG_H
#define VIGIL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "drops.h"
#include "output.h"
#include "privdrop.h"
#include "state.h"

#define VIGIL_CONFIG_PATH	"/etc/vigil/vigil.yaml"
#define VIGIL_CONFIG_MAX_FILE	(1 << 20)	/* bytes of a config file */
#define VIGIL_CONFIG_MAX_LIST	256		/* items of a list value */
#define VIGIL_CONFIG_MAX_WARN	64		/* warnings kept */

struct vigil_config {
	const char *rules_files[VIGIL_CONFIG_MAX_LIST];
	unsigned int nrules_files;
	int priority;			/* minimum rule priority */
	const char *append_output;	/* extra output fields, or NULL */
	struct vigil_output_config out;
	const char *http_headers[VIGIL_CONFIG_MAX_LIST];
	int log_level;			/* syslog severity, 0..7 */
	bool log_stderr;
	bool log_syslog;
	struct drops_cfg drops;
	struct {
		bool enabled;
		const char *listen_address;
		unsigned int listen_port;
		const char *healthz_endpoint;
		bool prometheus_metrics_enabled;
	} webserver;
	struct vigil_state_cfg state;
	const char *device;		/* "/dev/vigil" */
	unsigned int snaplen;		/* 0: the device's */
	unsigned int wait_ms;		/* the daemon's sleep between passes */
	unsigned int stats_interval_ms;	/* drop counter reads */
	struct privdrop_cfg privileges;	/* drop_privileges.* */
	const char *keep_caps[VIGIL_CONFIG_MAX_LIST];

	char *warnings[VIGIL_CONFIG_MAX_WARN];
	unsigned int nwarnings;
	char **allocs;			/* every string above points here */
	unsigned int nallocs, cap_allocs;
};

/* Defaults for every key (no allocation). */
void vigil_config_init(struct vigil_config *cfg);
/* Free the strings and warnings; cfg may be reused after init. */
void vigil_config_free(struct vigil_config *cfg);

/*
 * Read a YAML config file over cfg.  0, or -errno with the reason in err
 * ("FILE:LINE:COL: KEY: why", or "FILE: why" when it cannot be read).
 */
int vigil_config_load_file(struct vigil_config *cfg, const char *path,
			   char *err, size_t errlen);
/* The same from memory; name is used in messages. */
int vigil_config_load_buf(struct vigil_config *cfg, const char *name,
			  const char *buf, size_t len, char *err,
			  size_t errlen);

/* One "-o key=value" override: 0 or -EINVAL with "-o KEY: why" in err. */
int vigil_config_set(struct vigil_config *cfg, const char *kv, char *err,
		     size_t errlen);

/* Falco's log level names: "emergency" .. "debug"; -EINVAL if unknown. */
int vigil_log_level_parse(const char *s);

#endif /* VIGIL_CONFIG_H */
