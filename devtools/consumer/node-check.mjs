// The consumer test's Node step (devtools/consumer_test.py feeds it to
// `node --input-type=module` in the scratch app, so the imports resolve from its node_modules):
// the packed @teamkit/client loads in plain Node ESM and one call reaches the Functions
// emulator, answering a typed error. Environment: CONSUMER_PROJECT, CONSUMER_AUTH_HOST,
// CONSUMER_FUNCTIONS_HOST.
import { initializeApp } from "firebase/app";
import { connectAuthEmulator, getAuth } from "firebase/auth";
import { getFirestore } from "firebase/firestore";
import { createTeamkit, functionsUrlFor, isTeamkitError } from "@teamkit/client";

const projectId = process.env.CONSUMER_PROJECT;
const app = initializeApp({ projectId, apiKey: "consumer-test-key" });
const auth = getAuth(app);
connectAuthEmulator(auth, `http://${process.env.CONSUMER_AUTH_HOST}`, { disableWarnings: true });
const teamkit = createTeamkit({
  functionsUrl: functionsUrlFor({ projectId, emulatorHost: process.env.CONSUMER_FUNCTIONS_HOST }),
  auth,
  firestore: getFirestore(app),
});
try {
  await teamkit.previewInvite({ token: "consumer-test-no-such-token" });
  console.error("node: previewInvite of an unknown token succeeded");
  process.exit(1);
} catch (error) {
  if (!isTeamkitError(error) || error.httpStatus >= 500) {
    console.error("node: expected a TeamkitError (4xx), got", error);
    process.exit(1);
  }
  console.log(`node ${process.version}: previewInvite answered ${error.httpStatus} ${error.reason} (a TeamkitError)`);
  process.exit(0);
}
