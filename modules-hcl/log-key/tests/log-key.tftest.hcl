mock_provider "aws" {}

variables {
  name       = "shop-prod"
  account_id = "123456789012"
  region     = "eu-west-1"
}

run "creates_a_rotating_key_with_an_alias" {
  command = apply

  assert {
    condition     = aws_kms_key.this.enable_key_rotation && aws_kms_key.this.deletion_window_in_days == 30
    error_message = "The key rotates and waits 30 days before deletion."
  }

  assert {
    condition     = output.alias_name == "alias/shop-prod-logs"
    error_message = "The alias is alias/<name>-logs."
  }
}

run "logs_may_use_the_key_only_for_this_account_and_region" {
  command = plan

  assert {
    condition     = jsondecode(aws_kms_key.this.policy).Statement[1].Principal.Service == "logs.eu-west-1.amazonaws.com"
    error_message = "CloudWatch Logs of the region is the key's service principal."
  }

  assert {
    condition     = jsondecode(aws_kms_key.this.policy).Statement[1].Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"] == "arn:aws:logs:eu-west-1:123456789012:log-group:*"
    error_message = "Use is limited to this account's log groups in this region."
  }

  assert {
    condition     = jsondecode(aws_kms_key.this.policy).Statement[0].Principal.AWS == "arn:aws:iam::123456789012:root"
    error_message = "The account's administrators manage the key."
  }
}

run "rejects_a_bad_account_id" {
  command = plan

  variables {
    account_id = "1234"
  }

  expect_failures = [var.account_id]
}
