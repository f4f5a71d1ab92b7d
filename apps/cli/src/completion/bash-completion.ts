import type { CommandNode } from './command-tree.js';
import { shellTables } from './shell-tables.js';

/**
 * The bash completion of a program, generated from its command tree: `source <(mbd completion bash)`.
 * Names the daemon knows (distributions, repositories, codenames, architectures) are asked for with
 * `<program> completion values <kind>` when completed, and offer nothing when the daemon does not answer.
 */
export function bashCompletion(tree: CommandNode): string {
  const fn = `_${tree.name.replace(/[^A-Za-z0-9]/g, '_')}`;
  return `# bash completion for ${tree.name}, generated from its commands by \`${tree.name} completion bash\`.
# Install: source <(${tree.name} completion bash)   (e.g. in ~/.bashrc)
${shellTables(fn, tree)}

# ${fn}_value KIND CUR: the candidates for a value of KIND
${fn}_value() {
  case $1 in
    file) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$2") ;;
    directory) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$2") ;;
    'choices '*) mapfile -t COMPREPLY < <(compgen -W "\${1#choices }" -- "$2") ;;
    distribution|repository|codename|architecture)
      mapfile -t COMPREPLY < <(compgen -W "$("\${COMP_WORDS[0]}" completion values "$1" 2>/dev/null)" -- "$2") ;;
  esac
}

${fn}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} command_path='' expect='' kind n=0
  COMPREPLY=()
  ${fn}_walk "\${COMP_WORDS[@]:1:COMP_CWORD-1}"
  [[ $cur == = ]] && cur=''
  if [[ -n $expect ]]; then
    ${fn}_value "$expect" "$cur"
  elif [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(${fn}_options "$command_path")" -- "$cur")
  elif ((n == 0)) && [[ -n $(${fn}_commands "$command_path") ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(${fn}_commands "$command_path")" -- "$cur")
  else
    kind=$(${fn}_argument_kind "$command_path" "$n")
    [[ -z $kind ]] || ${fn}_value "$kind" "$cur"
  fi
  return 0
}

complete -F ${fn} ${tree.name}
`;
}
