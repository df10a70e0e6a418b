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

step "Clusters: the affected cluster and a new server of the same release"
u cluster create lab --version 14SU3 --publisher cucm-pub --subscriber cucm-sub1 --imp-publisher imp-pub --imp-subscriber imp-sub
u cluster create newpub --version 14SU3 --publisher new-pub
u cluster use lab
echo 'admin:utils service list --node cucm-sub1   (first lines)'
node bin/run.js utils service list --node cucm-sub1 | head -12

step "Prerequisites"
fails onboarding check --platform ios

step "Enable Push Notifications (Cisco Cloud Onboarding)"
u onboarding voucher
u onboarding save --push on --manage-certs on
u utils service restart Cisco Tomcat --all-nodes > /dev/null
u onboarding status
u onboarding save
u utils service restart Cisco Push Notification Service --all-nodes
for n in imp-pub imp-sub; do
  u utils service restart Cisco XCP Config Manager --node $n > /dev/null
  u utils service restart Cisco XCP Router --node $n > /dev/null
done

step "The rest of the task flow: IM and Presence messaging (off on a new cluster), HA, OAuth Refresh Logins, Expressway (refresh, then C, then E)"
u param messaging set multiple-device-messaging Enabled
u param messaging set stream-management Enabled
u param service set "Cisco XCP Router" "Push Notifications High Availability" Enabled
for n in imp-pub imp-sub; do u utils service restart Cisco XCP Router --node $n > /dev/null; done
u param enterprise set "OAuth with Refresh Login Flow" Enabled
u expressway refresh-servers
u expressway restart c
u expressway restart e
u onboarding check --platform ios

step "Troubleshooting options and a test push"
u utils managementAgent alarms pushfrequency 15
u utils managementAgent alarms minpushlevel Warning
u sim push --platform ios
u sim push --platform android --node cucm-sub1
echo '(an IM push through the XCP Router: it needs the messaging prerequisites set above; --explain shows the path)'
u sim push --node imp-pub --explain

step "The new server is onboarded too"
for a in "onboarding voucher" "onboarding save --push on --manage-certs on" "utils service restart Cisco Tomcat --all-nodes" "onboarding save" "utils service restart Cisco Push Notification Service"; do
  # shellcheck disable=SC2086
  node bin/run.js $a --cluster newpub > /dev/null
done
u cert upload tomcat-trust Example-Root-CA.pem --cluster newpub

step "The machine token expires: 400 Bad Request"
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
echo "Demo finished. State kept in $UCADMIN_DB (export UCADMIN_DB=$UCADMIN_DB to keep exploring, or try: node bin/run.js shell)."
