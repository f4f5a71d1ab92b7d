# zsh -f zsh-complete.zsh SCRIPT PROGRAM 'words typed': what zsh's completion system offers when TAB is pressed
# after the words, in a real interactive zsh on a pseudo-terminal with compinit and SCRIPT loaded. compadd is
# wrapped to print each match it adds as <<match match>>. PROGRAM is a shell function that prints
# $COMPLETION_VALUES for `PROGRAM completion values distribution`, standing in for the daemon.
zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z 'PS1=""; RPS1=""; setopt no_beep'
zpty -w z 'autoload -Uz compinit && compinit -u -D'
zpty -w z "source ${(q)1}"
zpty -w z "$2() { [[ \$1 == completion && \$2 == values && \$3 == distribution ]] && print -l \${=COMPLETION_VALUES}; }"
zpty -w z 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a hits; builtin compadd -A hits "$@"; (( $#hits )) && print -r -- "<<${(j: :)hits}>>"; builtin compadd "$@"
}'
zpty -w z 'print ${:-REA}DY'
zpty -r z out '*READY*'
zpty -n -w z "$3"$'\t'
zpty -n -w z $'\C-u print ${:-FINI}SHED\n'
zpty -r z out '*FINISHED*'
print -r -- "$out" | grep -ao '<<[^>]*>>'
zpty -d z
