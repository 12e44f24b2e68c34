# Only the secret containers are managed here. Their values are put in place by
# their owners (console, CLI or a pipeline) and never pass through Terraform, so
# no aws_secretsmanager_secret_version exists and no secret reaches code or state.
resource "aws_secretsmanager_secret" "this" {
  for_each = var.secrets

  #checkov:skip=CKV2_AWS_57:Values are set and changed outside Terraform by the secret's owner (e.g. a third-party API key); there is no rotation Lambda to attach
  #checkov:skip=CKV_AWS_149:Encrypted with the AWS-managed aws/secretsmanager key unless var.kms_key_arn names a customer-managed key; checkov cannot see the caller's choice

  name                    = each.value.name
  description             = coalesce(each.value.description, "${each.key} secret of the application; its value is managed outside Terraform")
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_days

  tags = var.tags

  lifecycle {
    # plinth sets this to true in the copy of the module that production-like environments use
    # (modules/<name>-protected): Terraform allows no variable here.
    prevent_destroy = false
  }
}
