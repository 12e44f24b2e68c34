// One comment per environment, found again by its marker and updated, so a pull request shows
// each environment's latest plan instead of one comment per push.
const fs = require('fs');
const environment = process.env.ENVIRONMENT;
const marker = `<!-- plinth-plan:${environment} -->`;
const limit = 60000;
let plan = fs.readFileSync(process.env.PLAN_FILE, 'utf8');
if (plan.length > limit) {
  plan = `${plan.slice(0, limit)}\n… truncated: the whole plan is in the run's plan-pr-${environment} artifact.`;
}
const body = `${marker}\n### Terraform plan: \`${environment}\`\n\n~~~text\n${plan}\n~~~\n`;
const { owner, repo } = context.repo;
const issue_number = context.issue.number;
const comments = await github.paginate(github.rest.issues.listComments, {
  owner,
  repo,
  issue_number,
  per_page: 100,
});
const previous = comments.find(
  (comment) => comment.user?.type === 'Bot' && comment.body?.startsWith(marker),
);
if (previous) {
  await github.rest.issues.updateComment({ owner, repo, comment_id: previous.id, body });
} else {
  await github.rest.issues.createComment({ owner, repo, issue_number, body });
}
