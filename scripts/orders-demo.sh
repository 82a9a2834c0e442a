#!/usr/bin/env bash
# Places the sample orders (samples/orders/*.json) through the order API's sidecar, as a
# client does, and prints how each ended. The idempotency key is the sample's name: run it
# again and the order API answers as the first time, with the same order.
# Needs DAPR_API_TOKEN (the token the sidecars want) and the apps running (make run).
set -euo pipefail
cd "$(dirname "$0")/.."
sidecar=${ORDER_API_SIDECAR:-http://127.0.0.1:3506}
api="$sidecar/v1.0/invoke/order-api/method"
field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
for f in samples/orders/*.json; do
  name=$(basename "$f" .json)
  answer=$(curl -sS -X POST "$api/orders" -H "dapr-api-token: $DAPR_API_TOKEN" \
    -H "Content-Type: application/json" -H "Idempotency-Key: sample-$name" --data-binary @"$f")
  id=$(field order_id <<<"$answer")
  if [ -z "$id" ]; then echo "refused   $name: $answer"; continue; fi
  status=accepted
  for _ in $(seq 100); do
    status=$(curl -sS "$api/orders/$id" -H "dapr-api-token: $DAPR_API_TOKEN" | field status)
    [ "$status" != accepted ] && break
    sleep 0.3
  done
  printf '%-9s %-22s %-18s status: curl -H "dapr-api-token: $DAPR_API_TOKEN" %s/orders/%s\n' \
    "$status" "$id" "$name" "$api" "$id"
done
echo "notifications in data/notifications/; each order's journey: http://127.0.0.1:7005/api/orders (the tracker's login)"
