#!/usr/bin/env bash
# The main job: a full demo on the embedded SQLite default, in a fresh state file of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
export UCADMIN_DB="${UCADMIN_DB:-$(mktemp -d)/demo.db}"
u() { echo; echo "admin:$*"; node bin/run.js "$@"; }
echo "State file: $UCADMIN_DB"

u cluster create lab --version 14SU3 --publisher cucm-pub --subscriber cucm-sub1 --imp-publisher imp-pub --imp-subscriber imp-sub
u utils service list --node cucm-sub1
u utils service restart Cisco Push Notification Service --all-nodes
u show status
u show network cluster
u sim clock advance 1h
u file tail activelog cm/trace/ccmpns/log4j/ --lines 5
echo
echo "Demo finished. State kept in $UCADMIN_DB (set UCADMIN_DB to reuse it)."
