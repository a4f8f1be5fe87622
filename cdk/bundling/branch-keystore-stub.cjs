// Stands in for @aws-crypto/branch-keystore-node in the function bundles (ESBUILD_OPTIONS.alias in
// cdk/constructs/waypoint-function.ts). Waypoint encrypts with the KMS keyring only; the branch key
// store belongs to the hierarchical keyring, which it never builds. The real package `require`s
// @aws-sdk/client-dynamodb, and a `require` makes esbuild keep and run the whole DynamoDB client
// (every command, waiter and paginator) at every cold start. Should anything ever build a
// hierarchical keyring from a bundle, it stops here with this message instead of half-working.
'use strict';
const message = 'The hierarchical keyring (branch key store) is not part of the Waypoint bundles.';
module.exports = {
  isIBranchKeyStoreNode() {
    throw new Error(message);
  },
};
