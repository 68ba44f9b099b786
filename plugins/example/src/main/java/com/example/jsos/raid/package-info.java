/**
 * A complete sample vendor plugin for jsos: the {@code raid} collector for controllers managed by
 * the {@code raidctl} command-line tool. It copies the tool's config (secrets are redacted by jsos),
 * runs {@code raidctl status --json} with a timeout, parses it, writes a structured model into the
 * bundle and emits {@code raid_*} metrics. Built against the jsos plugin API only, as its own jar.
 */
package com.example.jsos.raid;
