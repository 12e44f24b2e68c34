mock_provider "aws" {}

variables {
  secrets = {
    stripe = {
      name        = "shop-prod/stripe"
      description = "Stripe API key for payments"
    }
    sendgrid = {
      name = "shop-prod/sendgrid"
    }
  }
  tags = {
    component = "secrets"
  }
}

run "one_secret_per_entry" {
  command = plan

  assert {
    condition     = length(aws_secretsmanager_secret.this) == 2 && toset(keys(aws_secretsmanager_secret.this)) == toset(["stripe", "sendgrid"])
    error_message = "There must be one secret per entry, keyed like var.secrets."
  }

  assert {
    condition     = aws_secretsmanager_secret.this["stripe"].name == "shop-prod/stripe" && aws_secretsmanager_secret.this["sendgrid"].name == "shop-prod/sendgrid"
    error_message = "Secrets must use the full names given."
  }

  assert {
    condition     = aws_secretsmanager_secret.this["stripe"].description == "Stripe API key for payments" && strcontains(aws_secretsmanager_secret.this["sendgrid"].description, "sendgrid")
    error_message = "The description must be passed through or default to one naming the key."
  }

  assert {
    condition     = alltrue([for s in aws_secretsmanager_secret.this : s.kms_key_id == null && s.recovery_window_in_days == 7 && s.tags["component"] == "secrets"])
    error_message = "Defaults: AWS-managed key, 7-day recovery window, tags applied."
  }
}

run "customer_managed_key_and_recovery_window" {
  command = plan

  variables {
    kms_key_arn          = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    recovery_window_days = 0
  }

  assert {
    condition     = alltrue([for s in aws_secretsmanager_secret.this : s.kms_key_id == var.kms_key_arn && s.recovery_window_in_days == 0])
    error_message = "kms_key_arn and recovery_window_days must be passed to every secret."
  }
}

run "outputs" {
  command = apply

  override_resource {
    target = aws_secretsmanager_secret.this["stripe"]
    values = {
      arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-prod/stripe-AbCdEf"
    }
  }

  override_resource {
    target = aws_secretsmanager_secret.this["sendgrid"]
    values = {
      arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-prod/sendgrid-GhIjKl"
    }
  }

  assert {
    condition = output.secret_arns == {
      stripe   = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-prod/stripe-AbCdEf"
      sendgrid = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-prod/sendgrid-GhIjKl"
    }
    error_message = "secret_arns must map each key to its secret's ARN."
  }

  assert {
    condition = output.secret_names == {
      stripe   = "shop-prod/stripe"
      sendgrid = "shop-prod/sendgrid"
    }
    error_message = "secret_names must map each key to its full name."
  }
}

run "no_secrets" {
  command = apply

  variables {
    secrets = {}
  }

  assert {
    condition     = length(aws_secretsmanager_secret.this) == 0 && output.secret_arns == {} && output.secret_names == {}
    error_message = "An empty map must create nothing and give empty outputs."
  }
}

run "rejects_bad_recovery_window" {
  command = plan

  variables {
    recovery_window_days = 3
  }

  expect_failures = [var.recovery_window_days]
}

run "rejects_invalid_name" {
  command = plan

  variables {
    secrets = {
      stripe = { name = "shop prod/stripe" }
    }
  }

  expect_failures = [var.secrets]
}

run "rejects_duplicate_names" {
  command = plan

  variables {
    secrets = {
      stripe  = { name = "shop-prod/stripe" }
      payment = { name = "shop-prod/stripe" }
    }
  }

  expect_failures = [var.secrets]
}

run "rejects_non_kms_arn" {
  command = plan

  variables {
    kms_key_arn = "alias/aws/secretsmanager"
  }

  expect_failures = [var.kms_key_arn]
}
