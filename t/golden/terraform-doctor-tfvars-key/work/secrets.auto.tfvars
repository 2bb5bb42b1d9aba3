access_key = "ASIAY34FZKBOKTSTVV7A"
secret_key = "q7Yh2LpX9vTf3RmK8sWc1NbD4gZj6/Ae0uIo5+Ey"
