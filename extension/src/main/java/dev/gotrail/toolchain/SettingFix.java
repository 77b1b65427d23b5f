package dev.gotrail.toolchain;

/**
 * The fix for a bad go setting, by where it came from. A value in the go/env file can make every go
 * command fail, {@code go env -u} included (go selects its toolchain, and checks GOPATH, before it
 * runs any subcommand), so the command overrides the bad value in the environment for that one run:
 * {@code GOTOOLCHAIN=local go env -u GOTOOLCHAIN} works where {@code go env -u GOTOOLCHAIN} exits 1
 * (seen with Debian's go 1.21, 1.22 and 1.23).
 */
final class SettingFix {

    private SettingFix() {
    }

    /** A command or edit that removes {@code setting}; empty for a built-in default. */
    static String remove(GoSetting setting) {
        String name = setting.name();
        return switch (setting.source()) {
            case ENVIRONMENT -> "unset " + name + " (and remove its export from your shell profile or CI settings)";
            case GOENV_FILE -> switch (name) {
                case "GOTOOLCHAIN" -> "GOTOOLCHAIN=local go env -u GOTOOLCHAIN";
                case "GOPATH" -> "GOPATH=$HOME/go go env -u GOPATH";
                case "GOFLAGS" -> "GOFLAGS= go env -u GOFLAGS";
                default -> "go env -u " + name;
            } + " (or delete line " + setting.line() + " of " + setting.file() + ")";
            case GOROOT_GO_ENV -> "override it: export " + name + "=… or go env -w " + name + "=… (both take precedence over "
                    + setting.file() + ")";
            case GO_MOD, GO_WORK -> "edit line " + setting.line() + " of " + setting.file();
            case DEFAULT -> "";
        };
    }
}
