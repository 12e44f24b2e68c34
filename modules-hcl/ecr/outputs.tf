output "repository_urls" {
  description = "Map of repository name to repository URL (account.dkr.ecr.region.amazonaws.com/name)."
  value       = { for name, repo in aws_ecr_repository.this : name => repo.repository_url }
}

output "repository_arns" {
  description = "Map of repository name to repository ARN."
  value       = { for name, repo in aws_ecr_repository.this : name => repo.arn }
}

output "repository_names" {
  description = "Names of the created repositories, sorted."
  value       = sort([for repo in aws_ecr_repository.this : repo.name])
}
