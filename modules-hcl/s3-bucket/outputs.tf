output "bucket_id" {
  description = "Name (id) of the bucket."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the bucket; object-level IAM statements use this ARN followed by /*."
  value       = aws_s3_bucket.this.arn
}

output "bucket_regional_domain_name" {
  description = "Region-specific domain name of the bucket, e.g. for a CloudFront origin."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

output "kms_key_arn" {
  description = "ARN of the customer-managed KMS key encrypting the bucket; readers and writers need kms:Decrypt and kms:GenerateDataKey on it. Null when the bucket uses SSE-S3 (kms_enabled = false)."
  value       = try(aws_kms_key.this[0].arn, null)
}
