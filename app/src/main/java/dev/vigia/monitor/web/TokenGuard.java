package dev.vigia.monitor.web;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Every request needs the token when one is set: {@code Authorization: Bearer T}, or the
 * {@code vigia_token} cookie that the dashboard page sets when opened once as {@code /?token=T}
 * (images and the event stream cannot send headers). Compared in constant time.
 */
final class TokenGuard {

    static final String COOKIE = "vigia_token";

    private final byte[] token;

    TokenGuard(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    void check(Context ctx) {
        if (token == null) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header != null && header.startsWith("Bearer ") && matches(header.substring(7).strip())) {
            return;
        }
        if (matches(ctx.cookie(COOKIE))) {
            return;
        }
        if (ctx.path().equals("/") && matches(ctx.queryParam("token"))) {
            ctx.header("Set-Cookie", COOKIE + "=" + ctx.queryParam("token") + "; Path=/; HttpOnly; SameSite=Strict");
            return;
        }
        ctx.header("WWW-Authenticate", "Bearer");
        throw new UnauthorizedResponse("This dashboard needs its token: send 'Authorization: Bearer T'");
    }

    private boolean matches(String given) {
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }
}
