using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;

namespace WelfarePlatform.TestInfrastructure;

/// <summary>
/// One server in a container from the locally built test image. The container shares the host
/// network and the server listens on 127.0.0.1:<see cref="Port"/>; the port is chosen once, so the
/// address stays the same across stop/start, kill/start and restart.
/// </summary>
public abstract class ServerContainer : IAsyncDisposable
{
    /// <summary>Environment variable that overrides <see cref="DefaultImage"/>.</summary>
    public const string ImageVariable = "WELFARE_TEST_IMAGE";

    /// <summary>The tag dev/build-test-images.sh builds.</summary>
    public const string DefaultImage = "welfareplatform/infra:bookworm-1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly IContainer _container;

    private protected ServerContainer(string command, int port, IReadOnlyDictionary<string, string> environment,
        Action<CreateContainerParameters>? modifyCreate = null)
    {
        Port = port;
        Image = DockerEngine.Image;
        _container = DockerEngine.Build(() => new ContainerBuilder(Image)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithCommand(command)
            .WithEnvironment(environment)
            .WithCreateParameterModifier(parameters =>
            {
                // No bridge network exists here (dockerd --bridge=none), and traffic must stay on loopback.
                (parameters.HostConfig ??= new HostConfig()).NetworkMode = "host";
                modifyCreate?.Invoke(parameters);
            })
            .WithWaitStrategy(Wait.ForUnixContainer()
                .AddCustomWaitStrategy(new ReadyCheck(this), wait => wait.WithTimeout(StartTimeout))));
    }

    /// <summary>The TCP port on 127.0.0.1 the server listens on.</summary>
    public int Port { get; }

    /// <summary>The image the container runs.</summary>
    public string Image { get; }

    /// <summary>The connection string in the form the services read from configuration.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>Docker's id of the container, once created.</summary>
    public string ContainerId => _container.Id;

    /// <summary>Creates the container on first use, starts it and waits until the server answers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await DockerEngine.EnsureImageAsync(cancellationToken);
        await _container.StartAsync(cancellationToken);
    }

    /// <summary>Stops the server gracefully; <see cref="StartAsync"/> brings it back on the same port with its data.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _container.StopAsync(cancellationToken);

    /// <summary>Kills the container (SIGKILL, like a crash) and waits until it has exited.</summary>
    public Task KillAsync(CancellationToken cancellationToken = default) =>
        DockerEngine.KillAsync(_container.Id, cancellationToken);

    /// <summary>Graceful stop then start; same port, same data.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken);
        await StartAsync(cancellationToken);
    }

    /// <summary>The server's output so far, for diagnosing a failed test.</summary>
    public async Task<string> GetLogsAsync(CancellationToken cancellationToken = default)
    {
        var (stdout, stderr) = await _container.GetLogsAsync(ct: cancellationToken);
        return stdout + stderr;
    }

    /// <summary>Runs a command inside the container; fails with its output when it exits non-zero.</summary>
    private protected async Task<string> ExecAsync(IList<string> command, CancellationToken cancellationToken)
    {
        var result = await _container.ExecAsync(command, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{string.Join(' ', command)}' exited with {result.ExitCode}: {result.Stdout}{result.Stderr}");
        }

        return result.Stdout;
    }

    /// <summary>Stops and removes the container.</summary>
    public async ValueTask DisposeAsync()
    {
        await _container.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>True when the server accepts a real client request (not just a TCP connection).</summary>
    private protected abstract Task<bool> IsReadyAsync(CancellationToken cancellationToken);

    private sealed class ReadyCheck(ServerContainer server) : IWaitUntil
    {
        public async Task<bool> UntilAsync(IContainer container)
        {
            // A server that exits on start (bad config, port taken) would otherwise cost the whole timeout.
            if (container.State is TestcontainersStates.Exited or TestcontainersStates.Dead)
            {
                throw new InvalidOperationException(
                    $"{server.GetType().Name} container exited during start (port {server.Port}). Its output:\n" +
                    await server.GetLogsAsync());
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                return await server.IsReadyAsync(timeout.Token);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return false;
            }
        }
    }
}
