#!/usr/bin/env bash
# Deploys the counter function to Google Cloud Functions (gen2) and lets the runtime's service
# account invoke it. Run from this directory after `./mvnw install -DskipTests` at the root.
#
#   PROJECT=my-project REGION=europe-west1 RUNTIME_SA=ferry-runtime@my-project.iam.gserviceaccount.com ./deploy.sh
#
# Optional: FUNCTION (default counter), CONCURRENCY (default 8), MAX_INSTANCES (default 20),
# MEMORY (default 512Mi), TIMEOUT (default 60s).
set -euo pipefail

: "${PROJECT:?set PROJECT to the Google Cloud project id}"
: "${REGION:?set REGION, e.g. europe-west1}"
: "${RUNTIME_SA:?set RUNTIME_SA to the service account the Ferry runtime calls with}"
FUNCTION="${FUNCTION:-counter}"
CONCURRENCY="${CONCURRENCY:-8}"
MAX_INSTANCES="${MAX_INSTANCES:-20}"
MEMORY="${MEMORY:-512Mi}"
TIMEOUT="${TIMEOUT:-60s}"

here="$(cd "$(dirname "$0")" && pwd)"
"$here/../../mvnw" -B -q -f "$here/pom.xml" package
# The deployment directory holds the uber jar only: Cloud Functions runs a prebuilt jar as is.
source_dir="$here/target/deployment"

# --cpu 1 is needed for a concurrency above 1 on gen2.
gcloud functions deploy "$FUNCTION" \
  --project "$PROJECT" \
  --region "$REGION" \
  --gen2 \
  --runtime java17 \
  --entry-point dev.ferry.examples.cloudfunctions.CounterFunction \
  --source "$source_dir" \
  --trigger-http \
  --no-allow-unauthenticated \
  --memory "$MEMORY" \
  --cpu 1 \
  --concurrency "$CONCURRENCY" \
  --max-instances "$MAX_INSTANCES" \
  --timeout "$TIMEOUT"

# Only the runtime's identity may call the function: roles/run.invoker on the function.
gcloud functions add-invoker-policy-binding "$FUNCTION" \
  --project "$PROJECT" \
  --region "$REGION" \
  --member "serviceAccount:$RUNTIME_SA"

url="$(gcloud functions describe "$FUNCTION" --project "$PROJECT" --region "$REGION" \
  --gen2 --format='value(serviceConfig.uri)')"
echo "Deployed $FUNCTION at $url"
echo "Point module.yaml at it: urlPathTemplate: $url (or https://$REGION-$PROJECT.cloudfunctions.net/{function.name})"
