# bash completion for libaudit (installed as share/bash-completion/completions/libaudit).
# Subcommands, options and option values are read from the program's own --help, so they are
# always those of the installed version; file names are completed after options that take files.
_libaudit() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} sub="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            --lang) ((i++)) ;;
            -*) ;;
            *) sub=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $sub ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--help --version --lang" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(libaudit --help --lang en 2>/dev/null |
                awk '/^Subcommands:/ { on = 1; next } on && NF { print $1 }')" -- "$cur"))
        fi
        return
    fi
    local help
    help=$(libaudit "$sub" --help --lang en 2>/dev/null)
    # The values an option accepts, as the help shows them: --format TEXT:{text,json,html,pdf}.
    local values
    values=$(printf '%s\n' "$help" | grep -E -- "(^|[ ,])$prev[ ]" | grep -oE '\{[^}]*\}' | head -n 1 | tr -d '{}' | tr ',' ' ')
    [[ $prev == --lang ]] && values="zh-TW en"
    if [[ -n $values && $prev == -* ]]; then
        COMPREPLY=($(compgen -W "$values" -- "$cur"))
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(printf '%s\n' "$help" | grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | tr -d ' ,' | sort -u)" -- "$cur"))
        return
    fi
    if [[ $sub == schema ]]; then
        COMPREPLY=($(compgen -W "rules result result-2 ruletest course exceptions plan" -- "$cur"))
        return
    fi
    # diff OLD NEW: rule files and folders; a git revision REV:PATH is typed, not completed.
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _libaudit libaudit
