output "budget_name" {
  description = "Name of the budget."
  value       = aws_budgets_budget.this.name
}

output "budget_id" {
  description = "ID of the budget: the account id and the budget name joined by a colon."
  value       = aws_budgets_budget.this.id
}
