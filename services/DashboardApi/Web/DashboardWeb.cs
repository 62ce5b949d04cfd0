using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace WelfarePlatform.DashboardApi.Web;

/// <summary>
/// Serves the built web dashboard (web/dashboard, copied next to the dll as wwwroot by
/// DashboardWeb.targets) at "/". The files are anonymous: they hold no data; every figure comes
/// from /api/*, which stays behind the analyst role. A route that starts with api/ is never
/// matched here, so an unknown API path still meets the fallback policy (401), not index.html.
/// </summary>
internal static class DashboardWeb
{
    /// <summary>Configuration key of the folder holding index.html and assets/.</summary>
    public const string WebRootKey = "Dashboard:WebRoot";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapDashboardWeb(this WebApplication app)
    {
        var root = app.Configuration[WebRootKey] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, app.Environment.ContentRootPath)
            : Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var files = Directory.Exists(root) ? new PhysicalFileProvider(root) : null;
        if (files is null)
        {
            app.Logger.LogWarning("The web dashboard is not built: {WebRoot} does not exist (build web/dashboard, or set {Key})", root, WebRootKey);
        }

        // "/" on its own: a constrained catch-all does not match an empty path.
        app.MapGet("/", () => Serve(files, root, null)).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/{**path:regex(^(?!api(/|$)).*$)}", (string path) => Serve(files, root, path))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(PhysicalFileProvider? files, string root, string? path)
    {
        if (files is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The web dashboard is not built",
                detail: $"No built dashboard in {root}: build web/dashboard (npm run build) or set {WebRootKey}.");
        }

        // Hash routing keeps every page at "/", so only real files are served; nothing else falls back to index.html.
        var relative = string.IsNullOrEmpty(path) ? "index.html" : path;
        var file = files.GetFileInfo(relative);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null)
        {
            return TypedResults.NotFound();
        }

        if (!ContentTypes.TryGetContentType(file.Name, out var contentType))
        {
            contentType = "application/octet-stream";
        }

        // Vite names assets by content hash: they never change. index.html must be revalidated so a new build shows.
        var immutable = relative.StartsWith("assets/", StringComparison.Ordinal);
        return new CachedFileResult(TypedResults.PhysicalFile(file.PhysicalPath, contentType, lastModified: file.LastModified, enableRangeProcessing: false),
            immutable ? "public, max-age=31536000, immutable" : "no-cache");
    }

    /// <summary>A file answer with its Cache-Control header.</summary>
    private sealed class CachedFileResult(IResult inner, string cacheControl) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = cacheControl;
            httpContext.Response.Headers.XContentTypeOptions = "nosniff";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
