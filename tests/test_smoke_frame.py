from conftest import Cli


def test_init_then_verify(cli: Cli) -> None:
    result = cli.ok("verify")
    assert "OK" in result.stdout
