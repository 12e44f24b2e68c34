// One application bucket with the controls plinth's s3-bucket module gives it.
"use strict";

const { Construct } = require("constructs");
const { S3Bucket } = require("@cdktf/provider-aws/lib/s3-bucket");
const { S3BucketPublicAccessBlock } = require("@cdktf/provider-aws/lib/s3-bucket-public-access-block");
const { S3BucketOwnershipControls } = require("@cdktf/provider-aws/lib/s3-bucket-ownership-controls");
const { S3BucketVersioningA } = require("@cdktf/provider-aws/lib/s3-bucket-versioning");
const { S3BucketServerSideEncryptionConfigurationA } = require("@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration");
const { S3BucketPolicy } = require("@cdktf/provider-aws/lib/s3-bucket-policy");
const { S3BucketLifecycleConfiguration } = require("@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration");
const { KmsKey } = require("@cdktf/provider-aws/lib/kms-key");
const { KmsAlias } = require("@cdktf/provider-aws/lib/kms-alias");
const { json } = require("./shape");

class Bucket extends Construct {
  constructor(scope, id, props) {
    super(scope, id);
    const { bucketName, versioning, kms, lifecycle } = props;
    let key;
    if (kms) {
      key = new KmsKey(this, "key", { description: `Objects of ${bucketName}`, enableKeyRotation: true, deletionWindowInDays: 30 });
      new KmsAlias(this, "alias", { name: `alias/${bucketName}`, targetKeyId: key.keyId });
    }
    this.bucket = new S3Bucket(this, "bucket", { bucket: bucketName, forceDestroy: true });
    this.key = key;
    new S3BucketPublicAccessBlock(this, "public-access", {
      bucket: this.bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketVersioningA(this, "versioning", {
      bucket: this.bucket.id, versioningConfiguration: { status: versioning ? "Enabled" : "Suspended" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [{
        applyServerSideEncryptionByDefault: kms ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } : { sseAlgorithm: "AES256" },
        bucketKeyEnabled: kms,
      }],
    });
    new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      policy: json({
        Version: "2012-10-17",
        Statement: [{
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }],
      }),
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        { id: "abort-incomplete-uploads", status: "Enabled", filter: [{}], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] },
        ...lifecycle.map((rule, n) => ({
          id: `rule-${n + 1}`, status: "Enabled", filter: [{ prefix: rule.prefix }], expiration: [{ days: rule.expireDays }],
        })),
      ],
    });
  }
}


module.exports = { Bucket };
