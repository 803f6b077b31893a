# Sourced by every script that installs something outside the package's own tree (n8n, Node 24,
# the benchmark's and the browser test's folders). `npm run` exports the repository's .npmrc to its
# children as npm_config_* (ignore-scripts=true, legacy-peer-deps=true): an install under `npm run`
# would then skip the build scripts it relies on and resolve a different dependency tree. Those
# installs take only the user's and the machine's npm settings.
while IFS= read -r _npm_var; do
	unset "$_npm_var"
done < <(compgen -e | grep -i '^npm_config_' || true)
unset _npm_var
