#!/usr/bin/env bash
# The main job: the whole Push Notifications story on the embedded SQLite default, in a fresh state file:
# cluster set-up, the Cisco Cloud Onboarding task flow to a 200 test push, the machine token breaking (400 Bad
# Request, trace lines), and the guide's "Update Refresh Token Manually" procedure repairing it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f oclif.manifest.json ] || npm run build >/dev/null
export UCADMIN_DB="${UCADMIN_DB:-$(mktemp -d)/demo.db}"
export NO_COLOR=1
step() { printf '\n== %s\n' "$*"; }
u() { echo "admin:$*"; node bin/run.js "$@"; }
# A check that is expected to fail (exit 1) at this point of the story.
fails() { echo "admin:$*"; if node bin/run.js "$@"; then echo "(unexpected success)"; exit 1; else echo "(exit $? as expected)"; fi; }
echo "State file: $UCADMIN_DB"

step "Set-up as a file (labs/example.yaml): the affected cluster and a new server of 14SU3, onboarded, with the rest of the task flow"
# apply walks the procedure a person would (voucher, saves, Cisco Tomcat restarts, service restarts, IM and Presence
# messaging, HA, OAuth Refresh Logins, Expressway) and prints each step with the command it stands for.
u apply -f labs/example.yaml
echo 'admin:apply -f labs/example.yaml   (again: rerunnable, nothing to do)'
node bin/run.js apply -f labs/example.yaml | tail -1
echo 'admin:utils service list --node cucm-sub1   (first lines)'
node bin/run.js utils service list --node cucm-sub1 | head -12
u onboarding check --platform ios
u cluster graph lab

step "Troubleshooting options and a test push"
u utils managementAgent alarms pushfrequency 15
u utils managementAgent alarms minpushlevel Warning
u sim push --platform ios
u sim push --platform android --node cucm-sub1
echo '(an IM push through the XCP Router: it needs the messaging prerequisites the lab file sets; --explain shows the path)'
u sim push --node imp-pub --explain

step "The machine token expires: 400 Bad Request"
echo '(traces are at the Info level by default; the token-fetch detail is a DEBUG line: raise CPNS to Detailed)'
u set trace enable Detailed ccmpns
u sim fault token-expire
fails sim push
u sim clock advance 30m
u file tail activelog cm/trace/ccmpns/log4j/ --lines 4
u token status
u utils managementAgent alarms pushnow

step "Update Refresh Token Manually (the guide's eight steps, checked)"
u token procedure --source-cluster newpub --yes
u run sql select refreshtoken from machineaccountdetails --node imp-sub
u sim push
u token status

echo
echo "Demo finished. State kept in $UCADMIN_DB (export UCADMIN_DB=$UCADMIN_DB to keep exploring, then try: ucadmin shell, or node bin/run.js shell in a clone)."
