#!/usr/bin/env bash
# Deploys the counter function to Google Cloud Functions (gen2, Java 21) behind Ferry's generic
# entry point, and lets only the Ferry runtime's service account invoke it. Build the jar first:
#
#   ../../mvnw -B -q -f pom.xml package          (target/deployment/counter-function.jar)
#   PROJECT=my-project REGION=europe-west1 \
#   FUNCTION_SA=ferry-counter@my-project.iam.gserviceaccount.com \
#   RUNTIME_SA=ferry-runtime@my-project.iam.gserviceaccount.com ./deploy.sh
#
# FUNCTION_SA is the identity the function runs as (give it only what the functions call);
# without --service-account it would run as the project's default compute service account,
# which holds the Editor role. RUNTIME_SA is the identity the Ferry runtime calls with.
#
# Optional: FUNCTION (default counter), CONCURRENCY (default 8), MAX_INSTANCES (default 20),
# MEMORY (default 512Mi), TIMEOUT (default 60s), INGRESS (default internal-only, see below).
set -euo pipefail

: "${PROJECT:?set PROJECT to the Google Cloud project id}"
: "${REGION:?set REGION, e.g. europe-west1}"
: "${FUNCTION_SA:?set FUNCTION_SA to the service account the function runs as}"
: "${RUNTIME_SA:?set RUNTIME_SA to the service account the Ferry runtime calls with}"
FUNCTION="${FUNCTION:-counter}"
CONCURRENCY="${CONCURRENCY:-8}"
MAX_INSTANCES="${MAX_INSTANCES:-20}"
MEMORY="${MEMORY:-512Mi}"
TIMEOUT="${TIMEOUT:-60s}"
# internal-only: the function accepts requests from VPC networks of this project (or of its
# Shared VPC or VPC Service Controls perimeter) only; a request from the internet is refused even
# with a valid ID token. The Ferry runtime must then call from such a network, e.g. task managers
# on GKE in this project. Use INGRESS=all when the runtime runs elsewhere: the ID token check
# (--no-allow-unauthenticated and the invoker binding below) still guards the function.
INGRESS="${INGRESS:-internal-only}"

here="$(cd "$(dirname "$0")" && pwd)"
# The deployment directory holds the uber jar only: Cloud Functions runs a prebuilt jar as is.
source_dir="$here/target/deployment"
if [[ ! -s "$source_dir/counter-function.jar" ]]; then
  echo "deploy.sh: $source_dir/counter-function.jar is missing;" \
    "build it first: ../../mvnw -B -q -f pom.xml package" >&2
  exit 1
fi

# --cpu 1 is needed for a concurrency above 1 on gen2.
gcloud functions deploy "$FUNCTION" \
  --project "$PROJECT" \
  --region "$REGION" \
  --gen2 \
  --runtime java21 \
  --entry-point dev.ferry.adapters.gcp.FunctionsHttpFunction \
  --set-env-vars FERRY_FUNCTIONS=dev.ferry.examples.cloudfunctions.CounterFunctions \
  --source "$source_dir" \
  --trigger-http \
  --no-allow-unauthenticated \
  --service-account "$FUNCTION_SA" \
  --ingress-settings "$INGRESS" \
  --memory "$MEMORY" \
  --cpu 1 \
  --concurrency "$CONCURRENCY" \
  --max-instances "$MAX_INSTANCES" \
  --timeout "$TIMEOUT"

# The one IAM change: roles/run.invoker on this function for the runtime's identity, so that its
# ID tokens are accepted. Nothing else needs granting to call the function.
gcloud functions add-invoker-policy-binding "$FUNCTION" \
  --project "$PROJECT" \
  --region "$REGION" \
  --member "serviceAccount:$RUNTIME_SA"

url="$(gcloud functions describe "$FUNCTION" --project "$PROJECT" --region "$REGION" \
  --gen2 --format='value(serviceConfig.uri)')"
echo "Deployed $FUNCTION at $url"
echo "Point module.yaml at it: urlPathTemplate: $url (or https://$REGION-$PROJECT.cloudfunctions.net/{function.name})"
