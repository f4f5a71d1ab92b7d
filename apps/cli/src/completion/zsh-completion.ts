import type { CommandNode } from './command-tree.js';
import { describeTables, shellTables } from './shell-tables.js';

/**
 * The zsh completion of a program, generated from its command tree: `source <(mbd completion zsh)`
 * after compinit, or saved as `_mbd` in a directory of $fpath. Commands and options come with their
 * descriptions; names the daemon knows are asked for as in the bash completion.
 */
export function zshCompletion(tree: CommandNode): string {
  const fn = `_${tree.name.replace(/[^A-Za-z0-9]/g, '_')}`;
  return `#compdef ${tree.name}
# zsh completion for ${tree.name}, generated from its commands by \`${tree.name} completion zsh\`.
# Install: source <(${tree.name} completion zsh)   (after compinit, e.g. in ~/.zshrc)
${shellTables(fn, tree)}
${describeTables(fn, tree)}

# ${fn}_value KIND: offers the candidates for a value of KIND
${fn}_value() {
  local -a candidates
  case $1 in
    file) _files ;;
    directory) _files -/ ;;
    'choices '*) candidates=(\${=\${1#choices }}); compadd -a candidates ;;
    distribution|repository|codename|architecture)
      candidates=(\${(f)"$("\${words[1]}" completion values "$1" 2>/dev/null)"})
      compadd -a candidates ;;
  esac
}

${fn}() {
  local cur=\${words[CURRENT]} command_path='' expect='' kind n=0
  local -a described
  ${fn}_walk "\${(@)words[2,CURRENT-1]}"
  if [[ -z $expect && $cur == -*=* ]]; then
    expect=$(${fn}_option_value "$command_path" "\${cur%%=*}")
    [[ -z $expect ]] || compset -P '*='
  fi
  if [[ -n $expect ]]; then
    ${fn}_value "$expect"
  elif [[ $cur == -* ]]; then
    described=(\${(f)"$(${fn}_describe_options "$command_path")"})
    _describe -t options 'option' described
  elif ((n == 0)) && [[ -n $(${fn}_commands "$command_path") ]]; then
    described=(\${(f)"$(${fn}_describe_commands "$command_path")"})
    _describe -t commands '${tree.name} command' described
  else
    kind=$(${fn}_argument_kind "$command_path" "$n")
    [[ -z $kind ]] || ${fn}_value "$kind"
  fi
}

if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  ${fn} "$@"
elif (( $+functions[compdef] )); then
  compdef ${fn} ${tree.name}
else
  print -u2 '${tree.name} completion: load the completion system first (autoload -Uz compinit && compinit)'
fi
`;
}
