# Starts the museum exhibit at every log-on of this Windows user (Task Scheduler).
# Run once in PowerShell, as the kiosk user, from the unzipped app's folder:
#   powershell -ExecutionPolicy Bypass -File install-kiosk-task.ps1
# Remove it again with:  Unregister-ScheduledTask -TaskName "One in a Million kiosk"
param(
    [string]$App = (Join-Path $PSScriptRoot "one-in-a-million-window.exe")
)
if (-not (Test-Path $App)) { Write-Error "Not found: $App (pass -App C:\path\to\one-in-a-million-window.exe)"; exit 2 }
$action = New-ScheduledTaskAction -Execute $App -Argument "play --kiosk" -WorkingDirectory (Split-Path $App)
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $env:USERNAME
$settings = New-ScheduledTaskSettingsSet -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries `
    -ExecutionTimeLimit ([TimeSpan]::Zero) -RestartCount 999 -RestartInterval (New-TimeSpan -Minutes 1)
Register-ScheduledTask -TaskName "One in a Million kiosk" -Action $action -Trigger $trigger `
    -Settings $settings -Description "One in a Million museum exhibit" -Force | Out-Null
Write-Output "The exhibit will start at the next log-on of $env:USERNAME."
