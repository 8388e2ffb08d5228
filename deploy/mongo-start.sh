#!/bin/bash
# Starts mongod as the one member of replica set rs0 with access control. A replica set
# with authentication needs a key file for its members; it is made once, in the config
# volume, and kept. Run as the mongo image's entrypoint (as root: docker-entrypoint.sh
# then drops to the mongodb user).
set -euo pipefail
key=/data/configdb/keyfile
if [ ! -s "$key" ]; then
	umask 077
	head -c 756 /dev/urandom | base64 -w 0 >"$key.tmp"
	mv "$key.tmp" "$key"
fi
chown mongodb:mongodb "$key"
chmod 0400 "$key"
exec docker-entrypoint.sh mongod --replSet rs0 --keyFile "$key" --bind_ip_all
