# shellcheck shell=bash
# PHPStan and PHP_CodeSniffer run when the project configures them (neither has a useful
# project-independent default), preferring the versions Composer installed.
set -euo pipefail
tool() {
  if [ -x "vendor/bin/$1" ]; then echo "vendor/bin/$1"; else echo "$1"; fi
}
if [ -f phpstan.neon ] || [ -f phpstan.neon.dist ] || [ -f phpstan.dist.neon ]; then
  "$(tool phpstan)" analyse --no-progress
else
  echo "::notice::No phpstan.neon; not running PHPStan."
fi
if [ -f phpcs.xml ] || [ -f phpcs.xml.dist ] || [ -f .phpcs.xml ] || [ -f .phpcs.xml.dist ]; then
  "$(tool phpcs)"
else
  echo "::notice::No phpcs.xml; not running PHP_CodeSniffer."
fi
