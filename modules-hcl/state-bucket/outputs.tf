output "bucket_name" {
  description = "Name of the state bucket, for the `bucket` argument of the environments' S3 backends."
  value       = aws_s3_bucket.this.bucket
}

output "bucket_arn" {
  description = "ARN of the state bucket, for the IAM policies of the roles that read and write state."
  value       = aws_s3_bucket.this.arn
}

output "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the state, for the backends' `kms_key_id` argument and the state roles' IAM policies."
  value       = aws_kms_key.this.arn
}
