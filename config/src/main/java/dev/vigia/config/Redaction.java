package dev.vigia.config;

import java.util.Locale;
import java.util.Set;

/**
 * The one place that hides secrets in a camera address before it is shown (dashboard, {@code cameras
 * list}, logs, statistics). The user info's password is replaced whatever it contains ('@' and '/'
 * included: the last '@' before the path ends the user info), and so are the values of query
 * parameters that carry credentials ({@code password}, {@code token}, {@code key}...). User names are
 * kept, also when they hold an '@' ({@code user@domain}).
 */
public final class Redaction {

    public static final String HIDDEN = "***";
    private static final Set<String> SECRET_KEYS = Set.of("password", "passwd", "pass", "pwd", "secret", "token", "key",
            "apikey", "api_key", "access_token", "auth", "authorization", "signature", "sig", "credential", "credentials");

    private Redaction() {}

    /** {@code rtsp://admin:p@ss/w@cam/live?token=x} → {@code rtsp://admin:***@cam/live?token=***}; text without a scheme as it is. */
    public static String redact(String address) {
        if (address == null) {
            return null;
        }
        int schemeEnd = address.indexOf("://");
        if (schemeEnd <= 0) {
            return address;
        }
        String scheme = address.substring(0, schemeEnd + 3);
        String rest = address.substring(schemeEnd + 3);
        int userEnd = lastUserInfoAt(rest);
        String authority;
        String tail;
        if (userEnd >= 0) {
            String userInfo = rest.substring(0, userEnd);
            String afterUser = rest.substring(userEnd + 1);
            int pathStart = indexOfAny(afterUser, "/?#");
            String hostPort = pathStart < 0 ? afterUser : afterUser.substring(0, pathStart);
            tail = pathStart < 0 ? "" : afterUser.substring(pathStart);
            int colon = userInfo.indexOf(':');
            authority = (colon < 0 ? userInfo : userInfo.substring(0, colon) + ":" + HIDDEN) + "@" + hostPort;
        } else {
            int pathStart = indexOfAny(rest, "/?#");
            authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
            tail = pathStart < 0 ? "" : rest.substring(pathStart);
        }
        return scheme + authority + redactQuery(tail);
    }

    /**
     * Where the user info ends: the last '@' before the first '?' or '#' (a password may hold '@'
     * and '/' unescaped, so the first '/' cannot be trusted to start the path), or -1.
     */
    private static int lastUserInfoAt(String rest) {
        int queryStart = indexOfAny(rest, "?#");
        String head = queryStart < 0 ? rest : rest.substring(0, queryStart);
        return head.lastIndexOf('@');
    }

    private static String redactQuery(String tail) {
        int query = tail.indexOf('?');
        if (query < 0) {
            return tail;
        }
        int fragment = tail.indexOf('#', query);
        String params = fragment < 0 ? tail.substring(query + 1) : tail.substring(query + 1, fragment);
        StringBuilder out = new StringBuilder(tail.substring(0, query + 1));
        String[] pairs = params.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                out.append('&');
            }
            int eq = pairs[i].indexOf('=');
            String key = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
            out.append(eq >= 0 && SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT)) ? key + "=" + HIDDEN : pairs[i]);
        }
        if (fragment >= 0) {
            out.append(tail.substring(fragment));
        }
        return out.toString();
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
