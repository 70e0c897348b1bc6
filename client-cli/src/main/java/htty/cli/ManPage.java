package htty.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A manual page in roff's man macros, written from a Picocli command tree: the top command's
 * synopsis, description, global options, exit codes and footer, then each subcommand (and theirs)
 * with its synopsis, description and options. What {@code --help} says, in one page.
 */
final class ManPage {
    private final StringBuilder roff = new StringBuilder();

    private ManPage() {
    }

    static String of(CommandSpec top) {
        ManPage page = new ManPage();
        page.write(top);
        return page.roff.toString();
    }

    private void write(CommandSpec top) {
        String name = top.name();
        line(".TH " + name.toUpperCase() + " 1 \"\" \"" + name + " " + version(top) + "\" \"User Commands\"");
        line(".SH NAME");
        line(escape(name) + " \\- " + escape(String.join(" ", top.usageMessage().description())));
        line(".SH SYNOPSIS");
        synopsis(top);
        line(".SH OPTIONS");
        options(top);
        line(".SH COMMANDS");
        for (CommandLine sub : top.subcommands().values().stream().distinct().toList()) {
            command(sub.getCommandSpec());
        }
        line(".SH EXIT STATUS");
        for (Map.Entry<String, String> code : top.usageMessage().exitCodeList().entrySet()) {
            line(".TP");
            line(".B " + escape(code.getKey().strip()));
            text(code.getValue());
        }
        line(".SH ENVIRONMENT");
        for (String footer : top.usageMessage().footer()) {
            line(".br");
            text(footer);
        }
    }

    /** A subcommand: its synopsis, what it does, its own options, then its subcommands. */
    private void command(CommandSpec command) {
        line(".SS " + escape(command.qualifiedName(" ")));
        synopsis(command);
        for (String paragraph : command.usageMessage().description()) {
            line(".PP");
            text(paragraph);
        }
        options(command);
        for (CommandLine sub : command.subcommands().values().stream().distinct().toList()) {
            command(sub.getCommandSpec());
        }
    }

    private void synopsis(CommandSpec command) {
        Help help = new Help(command, Help.defaultColorScheme(Help.Ansi.OFF));
        line(".nf");
        text(help.synopsis(0).strip());
        line(".fi");
    }

    /** The options a command declares itself: inherited ones are described once, at the top. */
    private void options(CommandSpec command) {
        List<OptionSpec> own = command.options().stream()
                .filter(o -> !o.hidden() && !o.inherited() && (command.parent() == null || !o.usageHelp() && !o.versionHelp()))
                .toList();
        for (OptionSpec option : own) {
            line(".TP");
            String label = option.typeInfo().isBoolean() ? "" : " " + option.paramLabel();
            line(".B " + escape(String.join(", ", option.names()) + label));
            text(String.join(" ", option.description()));
        }
    }

    private static String version(CommandSpec top) {
        String[] version = top.version();
        return version.length == 0 ? "" : escape(version[0].replaceAll("^\\S+ ", ""));
    }

    private void text(String text) {
        for (String line : text.split("\n")) {
            String escaped = escape(line);
            line(escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped);
        }
    }

    private void line(String line) {
        roff.append(line).append('\n');
    }

    /** Roff's escape character, and hyphens that must stay hyphens (options, in copy and paste). */
    private static String escape(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }
}
